package dev.hpm.power;

import dev.hpm.core.power.PowerControl;
import dev.hpm.core.power.PowerException;
import dev.hpm.core.power.PowerSettings;
import dev.hpm.core.power.Secret;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Host power through the host's BMC with IPMI 2.0 over LAN, by running
 * {@code ipmitool -I lanplus -C 3 -H ADDRESS -p PORT -U USER -E -N 1 -R RETRIES -v chassis power on|off|status}
 * (docs/power.md). {@code -C 3} (RAKP-HMAC-SHA1, AES-CBC-128) is named so that ipmitool does not
 * spend about 10 s probing cipher suites. The password goes in the environment variable
 * {@value #PASSWORD_ENV} ({@code -E}), never on the command line, which any local user can read;
 * no output is logged, and any copy of the password in ipmitool's output is blanked before it
 * becomes an error message. Each call is bounded by the settings' {@code call-timeout} (ipmitool's
 * own retries are sized to fit in it; a call still running then is stopped), its exit status is
 * checked, and its stderr (bounded) is turned into a message saying what to fix: a refused
 * password, an unknown user, no answer from the address. Calls block: run them off the pool
 * runner's thread ({@code HostPower} does). Thread-safe.
 */
public final class IpmiPower implements PowerControl {
    /** The environment variable ipmitool's {@code -E} reads the password from. */
    public static final String PASSWORD_ENV = "IPMI_PASSWORD";
    private static final int LINES_SHOWN = 4;

    private final PowerSettings.Ipmi settings;
    private final String ipmitool;
    private volatile Duration lastCall = Duration.ZERO;

    /** With the {@code ipmitool} on {@code PATH}. */
    public IpmiPower(PowerSettings.Ipmi settings) {
        this(settings, "ipmitool");
    }

    /**
     * @param ipmitool the ipmitool executable
     * @throws dev.hpm.core.model.InvalidDefinitionException if the settings are invalid
     */
    public IpmiPower(PowerSettings.Ipmi settings, String ipmitool) {
        this.settings = (PowerSettings.Ipmi) Objects.requireNonNull(settings, "settings").validate();
        this.ipmitool = Objects.requireNonNull(ipmitool, "ipmitool");
    }

    @Override
    public void powerOn() throws PowerException {
        call("on");
    }

    @Override
    public void powerOff() throws PowerException {
        call("off");
    }

    @Override
    public Chassis state() throws PowerException {
        String out = call("status").toLowerCase(Locale.ROOT);
        if (out.contains("chassis power is on")) {
            return Chassis.ON;
        }
        if (out.contains("chassis power is off")) {
            return Chassis.OFF;
        }
        return Chassis.UNKNOWN;
    }

    @Override
    public String driver() {
        return "ipmi";
    }

    @Override
    public String describe() {
        return "ipmi " + target() + " as " + settings.username();
    }

    /** How long the last call took (for the figures in the tests and the logs). */
    public Duration lastCall() {
        return lastCall;
    }

    /** The command line of {@code chassis power ACTION}: no secret in it. */
    List<String> command(String action) {
        long seconds = Math.max(1, settings.callTimeout().toSeconds());
        long retries = Math.clamp(seconds / 4, 1, 4);
        List<String> c = new ArrayList<>(List.of(ipmitool, "-I", "lanplus", "-C", "3", "-H", settings.address(),
                "-p", Integer.toString(settings.port()), "-U", settings.username(), "-E", "-N", "1",
                "-R", Long.toString(retries), "-v", "chassis", "power"));
        c.add(action);
        return c;
    }

    /** Runs {@code chassis power ACTION}; its stdout, or a PowerException saying what to fix. */
    private String call(String action) throws PowerException {
        Secret password = settings.password();
        BoundedProcess.Result r;
        try {
            r = BoundedProcess.run(command(action), Map.of(PASSWORD_ENV, password.reveal()), settings.callTimeout());
        } catch (IOException e) {
            throw new PowerException("cannot run " + ipmitool + " (" + e.getMessage() + "): install Debian's "
                    + "ipmitool package");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PowerException("ipmitool chassis power " + action + " at " + target() + " was interrupted");
        }
        lastCall = r.took();
        String stderr = blank(r.stderr(), password);
        if (r.timedOut()) {
            throw new PowerException("ipmitool chassis power " + action + " at " + target() + " did not finish within "
                    + seconds(settings.callTimeout()) + " and was stopped: check that the BMC is reachable");
        }
        if (r.exit() != 0) {
            throw new PowerException(explain(action, r.exit(), stderr));
        }
        return blank(r.stdout(), password);
    }

    private String explain(String action, int exit, String stderr) {
        String s = stderr.toLowerCase(Locale.ROOT);
        String head = "ipmitool chassis power " + action + " at " + target() + " failed";
        if (s.contains("rakp 2 hmac is invalid")) {
            return "the BMC at " + target() + " refused the password of user " + settings.username()
                    + " (RAKP 2 HMAC is invalid): check the power settings' username and password";
        }
        if (s.contains("unauthorized name")) {
            return "the BMC at " + target() + " does not know the user " + settings.username()
                    + " (unauthorized name): check the power settings' username";
        }
        if (s.contains("insufficient privilege") || s.contains("requested privilege level")) {
            return head + ": user " + settings.username() + " lacks the privilege (" + lines(stderr)
                    + "): give it operator or admin privilege on the BMC";
        }
        if (s.contains("get auth capabilities error") || s.contains("no response") || s.contains("unable to establish")) {
            return "no answer from a BMC at " + target() + " (" + lines(stderr) + "): check the address and port, that "
                    + "IPMI over LAN is enabled on the BMC and that UDP reaches it";
        }
        return head + " with exit status " + exit + (stderr.isBlank() ? "" : ": " + lines(stderr));
    }

    /** The last few meaningful lines of ipmitool's stderr, without its verbose chatter. */
    private static String lines(String stderr) {
        List<String> kept = stderr.lines().map(String::strip).filter(l -> !l.isEmpty())
                .filter(l -> !l.startsWith("Loading IANA") && !l.startsWith("Running Get VSO")
                        && !l.startsWith("Discovered IPMB") && !l.startsWith("Invalid completion code received: Invalid command"))
                .map(l -> l.length() > 200 ? l.substring(0, 200) + "…" : l).toList();
        return String.join("; ", kept.subList(Math.max(0, kept.size() - LINES_SHOWN), kept.size()));
    }

    private static String blank(String text, Secret password) {
        return password.isEmpty() ? text : text.replace(password.reveal(), Secret.HIDDEN);
    }

    private String target() {
        String a = settings.address();
        return (a.contains(":") ? "[" + a + "]" : a) + ":" + settings.port();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
