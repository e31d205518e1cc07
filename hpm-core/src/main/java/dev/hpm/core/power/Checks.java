package dev.hpm.core.power;

import dev.hpm.core.model.Problems;

import java.time.Duration;
import java.util.regex.Pattern;

import static dev.hpm.core.power.PowerSettings.MAX_POWER_ON_TIMEOUT;

/** The checks {@link PowerSettings}' records share. */
final class Checks {
    static final Pattern PRINTABLE = Pattern.compile("[!-~]+");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Checks() {
    }

    /** The four bytes of a dotted-quad IPv4 address, or null. */
    static byte[] ipv4(String s) {
        if (s == null || !IPV4.matcher(s).matches()) {
            return null;
        }
        String[] parts = s.split("\\.");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }

    static void host(Problems p, String field, String value, String what) {
        boolean ok = value != null && (ipv4(value) != null || HOSTNAME.matcher(value).matches()
                || (IPV6.matcher(value).matches() && value.chars().filter(c -> c == ':').count() >= 2));
        if (!ok) {
            p.add(field, value, "give " + what);
        }
    }

    static void port(Problems p, String field, int value, String usual) {
        if (value < 1 || value > 65535) {
            p.add(field, value, "use 1 to 65535 (" + usual + ")");
        }
    }

    static void duration(Problems p, String field, Duration value, Duration min, Duration max, String why) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            p.add(field, value, "use " + min.toSeconds() + "s to " + max.toMinutes() + "min (" + why + ")");
        }
    }

    static void powerOn(Problems p, String prefix, Duration value) {
        duration(p, prefix + ".power-on-timeout", value, Duration.ofSeconds(1), MAX_POWER_ON_TIMEOUT,
                "the time from power-on until the host's hypervisor answers; default 5min");
    }
}
