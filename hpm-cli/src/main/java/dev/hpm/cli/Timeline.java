package dev.hpm.cli;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/** Prints one line per host and interval: each class's PI (worst server in brackets) and the decision. */
final class Timeline implements Consumer<IntervalReport> {
    private final PrintWriter out;
    private final String host;
    private Instant start;

    Timeline(PrintWriter out, String host) {
        this.out = out;
        this.host = host;
    }

    @Override
    public void accept(IntervalReport report) {
        if (host != null && !host.equals(report.host())) {
            return;
        }
        if (start == null) {
            start = report.time().minusSeconds(10);
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5d %s %-10s", report.interval(),
                clock(Duration.between(start, report.time())), report.host()));
        if (report.measurement() == null) {
            out.println(line.append(" unreachable: ").append(report.status().error()));
            return;
        }
        for (ClassMeasurement c : report.measurement().classes().values()) {
            line.append(String.format(Locale.ROOT, "  %s %s", c.serviceClass().key(),
                    c.hasVelocity() ? String.format(Locale.ROOT, "%.2f", c.pi())
                            + (c.worstServerPi() > c.pi() + 0.005 ? String.format(Locale.ROOT, "(%.2f)", c.worstServerPi()) : "")
                            : "-"));
        }
        String mark = report.decision().decision() instanceof Adjustment ? "  ADJUST: " : "  ";
        out.println(line.append(mark).append(report.decision().decision().summary()));
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
