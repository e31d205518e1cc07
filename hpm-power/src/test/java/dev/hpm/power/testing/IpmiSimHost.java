package dev.hpm.power.testing;

import dev.hpm.core.power.PowerSettings;
import dev.hpm.core.power.Secret;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A host with a BMC for tests: Debian's {@code ipmi_sim} (package {@code openipmi}) as the BMC,
 * listening for IPMI 2.0 (lanplus) on a free loopback UDP port with one admin user and password,
 * whose {@code chassis_control} hook script (called by ipmi_sim as {@code DEV get power} and
 * {@code DEV set power 0|1}) runs the shell commands the test gives for power on, power off and
 * power state. By default the "host" is a stand-in process: power-on starts a {@code sleep} and
 * writes its pid to {@code host.pid} in the fixture's directory, power-off kills it by that pid,
 * the state is whether that pid lives; the real-pool tests give commands that start and stop a
 * libvirt daemon instead. The hook's commands see {@code $HOST_DIR}, the fixture's directory; every
 * hook call is appended to {@code hook.log} there.
 *
 * <pre>{@code
 * try (IpmiSimHost bmc = IpmiSimHost.builder().start()) {
 *     IpmiPower power = new IpmiPower(bmc.settings());
 *     power.powerOn();   // the stand-in host runs: bmc.standInPid() is present and alive
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops ipmi_sim by its pid, runs the hook's power-off (so whatever the test's
 * power-on commands started is stopped), kills the stand-in by its pid and deletes the directory; a
 * JVM shutdown hook does it too if a test forgets. ipmi_sim keeps its persistent state in the
 * directory ({@code -s}), never in {@code /var/lib}. Missing binaries fail with what to install.
 */
public final class IpmiSimHost implements AutoCloseable {
    public static final String ADDRESS = "127.0.0.1";
    private static final Duration READY = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private final String username;
    private final String password;
    private final Process sim;
    private final Thread cleanup;
    private boolean closed;

    /** The stand-in host's hook commands: a sleep whose pid file is the power state. */
    public static final String STAND_IN_ON =
            "if [ -f \"$HOST_DIR/host.pid\" ] && kill -0 \"$(cat \"$HOST_DIR/host.pid\")\" 2>/dev/null; then return 0; fi\n"
            + "sleep 2147483647 </dev/null >/dev/null 2>&1 &\n"
            + "echo $! > \"$HOST_DIR/host.pid\"";
    public static final String STAND_IN_OFF =
            "if [ -f \"$HOST_DIR/host.pid\" ]; then kill \"$(cat \"$HOST_DIR/host.pid\")\" 2>/dev/null; "
            + "rm -f \"$HOST_DIR/host.pid\"; fi";
    public static final String STAND_IN_STATE =
            "if [ -f \"$HOST_DIR/host.pid\" ] && kill -0 \"$(cat \"$HOST_DIR/host.pid\")\" 2>/dev/null; "
            + "then echo 1; else echo 0; fi";

    /** What to start. */
    public static final class Builder {
        private String username = "hpm";
        private String password = randomPassword();
        private String on = STAND_IN_ON;
        private String off = STAND_IN_OFF;
        private String state = STAND_IN_STATE;

        public Builder username(String value) {
            this.username = value;
            return this;
        }

        public Builder password(String value) {
            this.password = value;
            return this;
        }

        /** Shell commands run on {@code set power 1}; must not keep stdout open (redirect what they start). */
        public Builder powerOn(String shell) {
            this.on = shell;
            return this;
        }

        /** Shell commands run on {@code set power 0}. */
        public Builder powerOff(String shell) {
            this.off = shell;
            return this;
        }

        /** Shell commands printing 1 (on) or 0 (off), run on {@code get power}. */
        public Builder powerState(String shell) {
            this.state = shell;
            return this;
        }

        public IpmiSimHost start() {
            return IpmiSimHost.start(this);
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[6];
        new java.security.SecureRandom().nextBytes(b);
        return "sim" + java.util.HexFormat.of().formatHex(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    private IpmiSimHost(Path dir, int port, String username, String password, Process sim) {
        this.dir = dir;
        this.port = port;
        this.username = username;
        this.password = password;
        this.sim = sim;
        this.cleanup = new Thread(this::stop, "stop ipmi_sim");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** IPMI settings for this BMC (call timeout 10 s, power-on deadline 5 min). */
    public PowerSettings.Ipmi settings() {
        return new PowerSettings.Ipmi(ADDRESS, port, username, Secret.of(password));
    }

    public int port() {
        return port;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The fixture's directory ({@code $HOST_DIR} of the hook commands). */
    public Path dir() {
        return dir;
    }

    /** ipmi_sim's pid. */
    public long pid() {
        return sim.pid();
    }

    /** Every hook call so far, e.g. {@code 0x20 set power 1}. */
    public List<String> hookCalls() {
        try {
            Path log = dir.resolve("hook.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ipmi_sim's own output (its start-up errors). */
    public String simLog() {
        try {
            return Files.readString(dir.resolve("ipmi_sim.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The stand-in host's pid while it runs (its pid file names a live process). */
    public Optional<Long> standInPid() {
        Path f = dir.resolve("host.pid");
        try {
            if (!Files.exists(f)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(f).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        sim.destroy();
        try {
            if (!sim.waitFor(5, TimeUnit.SECONDS)) {
                sim.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        powerOffHost();
        standInPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
        delete(dir);
    }

    /** Runs the hook's power-off as ipmi_sim would, so that whatever the test's power-on started is stopped. */
    private void powerOffHost() {
        try {
            Process p = new ProcessBuilder(dir.resolve("chassis-control").toString(), "0x20", "set", "power", "0")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // the directory is gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- start -----------------------------------------------------------------------------

    private static IpmiSimHost start(Builder b) {
        String sim = binary("ipmi_sim", "openipmi");
        String ipmitool = binary("ipmitool", "ipmitool");
        Path dir = null;
        try {
            dir = Files.createTempDirectory("hpm-ipmisim-");
            Files.createDirectories(dir.resolve("state"));
            Path hook = dir.resolve("chassis-control");
            Files.writeString(hook, hookScript(dir, b));
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(dir.resolve("sim.emu"), """
                    mc_setbmc 0x20
                    mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02
                    mc_enable 0x20
                    """);
            for (int attempt = 1; ; attempt++) { // another process may take the free port first
                int port = freeUdpPort();
                Files.writeString(dir.resolve("lan.conf"), lanConf(dir, port, b));
                Process p = new ProcessBuilder(sim, "-n", "-c", dir.resolve("lan.conf").toString(), "-f",
                        dir.resolve("sim.emu").toString(), "-s", dir.resolve("state").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("ipmi_sim.log").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                IpmiSimHost host = new IpmiSimHost(dir, port, b.username, b.password, p);
                if (host.awaitReady(ipmitool)) {
                    return host;
                }
                String log = host.simLog();
                host.sim.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                Runtime.getRuntime().removeShutdownHook(host.cleanup);
                if (attempt == 3) {
                    throw new IllegalStateException("ipmi_sim did not answer on " + ADDRESS + ":" + port + " within "
                            + READY.toSeconds() + " s: " + log);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (dir != null) {
                delete(dir);
            }
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException("cannot start ipmi_sim: " + e, e);
        }
    }

    /** Waits until {@code chassis power status} answers, or ipmi_sim exits. */
    private boolean awaitReady(String ipmitool) throws IOException, InterruptedException {
        long until = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < until && sim.isAlive()) {
            ProcessBuilder pb = new ProcessBuilder(ipmitool, "-I", "lanplus", "-C", "3", "-H", ADDRESS, "-p",
                    Integer.toString(port), "-U", username, "-E", "-N", "1", "-R", "1", "chassis", "power", "status")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("IPMI_PASSWORD", password);
            Process p = pb.start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return true;
            }
            p.destroyForcibly();
            Thread.sleep(100);
        }
        return false;
    }

    private static String hookScript(Path dir, Builder b) {
        return "#!/bin/sh\n"
                + "# chassis_control hook of IpmiSimHost: DEV get power | DEV set power 0|1\n"
                + "HOST_DIR='" + dir + "'\nexport HOST_DIR\n"
                + "echo \"$*\" >> \"$HOST_DIR/hook.log\"\n"
                + "power_on() {\n" + b.on + "\n}\n"
                + "power_off() {\n" + b.off + "\n}\n"
                + "power_state() {\n" + b.state + "\n}\n"
                + """
                dev=$1; op=$2; shift 2
                case "$op" in
                  get)
                    for p in "$@"; do
                      case "$p" in
                        power) echo "power:$(power_state)" ;;
                        boot) echo "boot:default" ;;
                        *) echo "invalid parameter: $p"; exit 1 ;;
                      esac
                    done ;;
                  set)
                    while [ $# -ge 2 ]; do
                      case "$1" in
                        power) if [ "$2" = 1 ]; then power_on; else power_off; fi ;;
                        reset|boot) ;;
                        *) echo "invalid parameter: $1"; exit 1 ;;
                      esac
                      shift 2
                    done ;;
                  *) echo "invalid operation: $op"; exit 1 ;;
                esac
                exit 0
                """;
    }

    private static String lanConf(Path dir, int port, Builder b) {
        return "name \"hpmtest\"\n"
                + "set_working_mc 0x20\n"
                + "  startlan 1\n"
                + "    addr " + ADDRESS + " " + port + "\n"
                + "    priv_limit admin\n"
                + "    allowed_auths_callback md5\n"
                + "    allowed_auths_user md5\n"
                + "    allowed_auths_operator md5\n"
                + "    allowed_auths_admin md5\n"
                + "    guid a123456789abcdefa123456789abcdef\n"
                + "  endlan\n"
                + "  chassis_control \"" + dir.resolve("chassis-control") + " 0x20\"\n"
                + "  user 2 true \"" + b.username + "\" \"" + b.password + "\" admin 10 md5\n";
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(ADDRESS))) {
            return s.getLocalPort();
        }
    }

    private static String binary(String name, String pkg) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: install Debian's " + pkg
                + " package (apt-get install openipmi ipmitool), or exclude the tests tagged ipmi (./run-tests --unit)");
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
