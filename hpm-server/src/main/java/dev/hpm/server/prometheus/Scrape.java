package dev.hpm.server.prometheus;

import dev.hpm.core.cpu.VsView;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.pool.IntervalTimings;
import dev.hpm.server.runtime.Live;
import dev.hpm.server.runtime.ManagementService;
import dev.hpm.store.HistoryRepository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scrape of {@code /metrics} reports: the hosts in configuration order with their latest
 * interval (null before the first), the pool figures, and the server's counters.
 *
 * @param hosts       host id to its latest report (null if none yet), in host order
 * @param adjustments CPU-manager adjustments per host since the server started
 * @param intervals   intervals run since the server started
 * @param interval    the control interval
 * @param domains     every measured virtual server of every host, in host order
 * @param pools       the server pools' figures
 * @param timings     how long the last intervals' work took
 * @param written     the history rows written
 * @param writeNanos  how long the last interval's write to the store took, ns (-1: not known)
 */
public record Scrape(Map<String, IntervalReport> hosts, Live live, Map<String, Long> adjustments, long intervals,
                     Duration interval, List<Domain> domains, List<PoolFigures> pools, IntervalTimings timings,
                     HistoryRepository.Written written, long writeNanos) {
    /** Before the first interval: no rows written. */
    static final HistoryRepository.Written NOTHING_WRITTEN = new HistoryRepository.Written(0, 0);

    /** One virtual server on one host: its measurement and what the CPU manager saw of it (may be null). */
    public record Domain(String host, VsMeasurement measurement, VsView view) {
    }

    /** The scrape of a running server whose history is written to {@code history}. */
    public static Scrape of(ManagementService service, HistoryRepository history, Live live, List<PoolFigures> pools) {
        Map<String, IntervalReport> hosts = new LinkedHashMap<>();
        service.hosts().forEach(h -> hosts.put(h.id(), live.hosts().get(h.id())));
        return new Scrape(hosts, live, service.adjustmentCounts(), service.intervalsRun(), service.interval(),
                domains(hosts), pools, service.intervalTimings(), history.written(), service.lastWriteNanos());
    }

    /** A scrape without server pools, interval timings or rows written. */
    public static Scrape of(Map<String, IntervalReport> hosts, Live live, Map<String, Long> adjustments, long intervals,
                            Duration interval) {
        return new Scrape(hosts, live, adjustments, intervals, interval, domains(hosts), List.of(), IntervalTimings.NONE,
                NOTHING_WRITTEN, -1);
    }

    /** This scrape with the intervals' work timed as {@code timings} and {@code written} history rows. */
    Scrape withWork(IntervalTimings timings, HistoryRepository.Written written) {
        return new Scrape(hosts, live, adjustments, intervals, interval, domains, pools, timings, written, writeNanos);
    }

    /** The hosts' latest reports that carry a measurement, in host order. */
    public List<IntervalReport> measured() {
        return measured(hosts);
    }

    private static List<IntervalReport> measured(Map<String, IntervalReport> hosts) {
        return hosts.values().stream().filter(r -> r != null && r.measurement() != null).toList();
    }

    private static List<Domain> domains(Map<String, IntervalReport> hosts) {
        List<Domain> domains = new ArrayList<>();
        for (IntervalReport r : measured(hosts)) {
            Map<String, VsView> views = new HashMap<>();
            if (r.view() != null) {
                r.view().servers().forEach(v -> views.put(v.uuid(), v));
            }
            for (VsMeasurement m : r.measurement().servers()) {
                domains.add(new Domain(r.host(), m, views.get(m.uuid())));
            }
        }
        return domains;
    }
}
