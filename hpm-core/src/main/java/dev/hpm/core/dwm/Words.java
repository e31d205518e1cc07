package dev.hpm.core.dwm;

import java.time.Duration;

/** How DWM's reasons write a duration for an operator: {@code 5 min}, {@code 1 h 30 min}, {@code 45 s}. */
final class Words {
    private Words() {
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        long h = s / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append(" h");
        }
        if (m > 0) {
            out.append(out.isEmpty() ? "" : " ").append(m).append(" min");
        }
        if (sec > 0 || out.isEmpty()) {
            out.append(out.isEmpty() ? "" : " ").append(sec).append(" s");
        }
        return out.toString();
    }
}
