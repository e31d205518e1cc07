package dev.hpm.codec;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations and sizes people write in configuration: {@code 10s}, {@code 1h30m}, {@code 2GiB}. */
public final class Units {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(KiB|MiB|GiB|TiB|k|K|M|G|T)?");

    private Units() {
    }

    /**
     * A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 1h30m},
     * or a plain number of seconds.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Duration duration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofNanos(Math.round(Double.parseDouble(s) * 1e9));
        }
        Matcher m = DURATION_PART.matcher(s);
        long nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            nanos += Math.round(v * switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 86400e9;
            });
            end = m.end();
        }
        if (end != s.length() || s.isEmpty()) {
            throw new IllegalArgumentException("write a duration such as 500ms, 10s, 5m, 2h or 1h30m");
        }
        return Duration.ofNanos(nanos);
    }

    /** A memory size in KiB from {@code 512MiB}, {@code 2GiB} or a plain number of KiB. */
    public static long kib(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("write a size such as 512MiB or 2GiB (a plain number means KiB)");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "KiB" : m.group(2);
        double factor = switch (unit) {
            case "MiB", "M" -> 1024;
            case "GiB", "G" -> 1024 * 1024;
            case "TiB", "T" -> 1024.0 * 1024 * 1024;
            default -> 1;
        };
        return Math.round(v * factor);
    }

    /** {@code 90s} → "1m30s", for messages and reports. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            out.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || out.isEmpty()) {
            out.append(s).append('s');
        }
        return out.toString();
    }
}
