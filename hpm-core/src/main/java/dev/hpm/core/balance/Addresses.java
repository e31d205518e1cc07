package dev.hpm.core.balance;

import java.util.regex.Pattern;

/** Syntax checks of IP address literals, without name resolution (the core does no I/O). */
public final class Addresses {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Addresses() {
    }

    /** True for a dotted IPv4 address or something that has the shape of an IPv6 literal. */
    public static boolean isLiteral(String text) {
        return IPV4.matcher(text).matches() || (text.contains(":") && IPV6.matcher(text).matches());
    }
}
