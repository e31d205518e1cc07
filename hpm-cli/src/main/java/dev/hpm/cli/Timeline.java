package dev.hpm.cli;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.cpu.VsView;
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
    private final boolean servers;
    private Instant start;

    /** @param servers also print, under each interval, every server's demand, use, shares and cap */
    Timeline(PrintWriter out, String host, boolean servers) {
        this.out = out;
        this.host = host;
        this.servers = servers;
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
        if (servers && report.view() != null) {
            java.util.Map<String, ShareChange> applied = new java.util.HashMap<>();
            report.applied().forEach(c -> applied.put(c.uuid(), c));
            for (VsView v : report.view().servers()) {
                ShareChange c = applied.get(v.uuid());
                out.println(String.format(Locale.ROOT, "        %-12s %-10s demand %6.3f using %6.3f shares %6d%s%s",
                        v.name(), v.serviceClass().key(), v.demandCpus(), v.usingCpus(), v.shares(),
                        c != null && c.sharesAfter() != c.sharesBefore() ? " -> " + c.sharesAfter() : "",
                        Double.isInfinite(v.capCpus()) && (c == null || Double.isInfinite(c.capAfter())) ? ""
                                : String.format(Locale.ROOT, " cap %.2f", c == null ? v.capCpus() : c.capAfter())));
            }
        }
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
