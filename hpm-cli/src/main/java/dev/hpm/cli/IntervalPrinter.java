package dev.hpm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hpm.codec.Documents;
import dev.hpm.codec.ReportCodec;
import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/** Prints each host's interval: goal versus actual per service class, and the decision; or one JSON object per line. */
final class IntervalPrinter implements Consumer<IntervalReport> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final PrintWriter out;
    private final boolean json;

    IntervalPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    @Override
    public synchronized void accept(IntervalReport r) {
        if (json) {
            try {
                out.println(Documents.json().writeValueAsString(ReportCodec.interval(r)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            table(r);
        }
        out.flush();
    }

    private void table(IntervalReport r) {
        String head = String.format(Locale.ROOT, "%s %s #%d", CLOCK.format(r.time()), r.host(), r.interval());
        if (!r.status().connected()) {
            out.printf(Locale.ROOT, "%s  UNREACHABLE since %s: %s%n", head, CLOCK.format(r.status().since()),
                    r.status().error());
            return;
        }
        var m = r.measurement();
        out.printf(Locale.ROOT, "%s  %d CPUs, %.0f%% busy, %d servers, stats in %.1f ms%n", head, m.cpus(),
                100 * m.cpuUtilisation(), m.servers().size(), r.collectNanos() / 1e6);
        out.printf(Locale.ROOT, "  %-32s %-10s %5s %9s %7s %7s %8s%n", "group/service class", "importance", "goal",
                "velocity", "PI", "worst", "servers");
        for (ClassMeasurement c : m.classes().values()) {
            boolean disc = c.serviceClass().isDiscretionary();
            out.printf(Locale.ROOT, "  %-32s %-10s %5s %9s %7s %7s %8s%n", c.serviceClass().key(),
                    disc ? "-" : c.serviceClass().importance().label(), disc ? "disc" : c.serviceClass().goalVelocity(),
                    fmt(c.velocity(), "%.1f"), disc ? "-" : fmt(c.pi(), "%.2f"), disc ? "-" : fmt(c.worstServerPi(), "%.2f"),
                    c.measuredServers() + "/" + c.servers());
        }
        String kind = r.decision().decision() instanceof Adjustment ? "ADJUST" : "no action";
        out.printf("  %s: %s%n", kind, r.decision().decision().summary());
        for (ShareChange c : r.applied()) {
            out.printf(Locale.ROOT, "    %-8s %-24s cpu_shares %d -> %d%s%n", c.role().name().toLowerCase(Locale.ROOT),
                    c.name(), c.sharesBefore(), c.sharesAfter(), c.capChanges() ? String.format(Locale.ROOT,
                            ", cap %s -> %s CPUs", cap(c.capBefore()), cap(c.capAfter())) : "");
        }
        r.errors().forEach(e -> out.println("  error: " + e));
    }

    private static String cap(double cpus) {
        return Double.isInfinite(cpus) || Double.isNaN(cpus) ? "none" : String.format(Locale.ROOT, "%.2f", cpus);
    }

    private static String fmt(double v, String pattern) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, pattern, v);
    }
}
