package dev.hpm.server.api;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.pool.PoolInventory.HostFacts;
import dev.hpm.server.pool.PoolRuntime;
import dev.hpm.server.pool.PowerStates;
import dev.hpm.server.prometheus.PoolFigures;
import dev.hpm.store.PoolRepository.HostState;
import dev.hpm.store.PoolRepository.Maintenance;
import dev.hpm.store.PoolRepository.PoolRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The server pools' figures for {@code /metrics}, read when Prometheus scrapes. */
final class PoolMetrics {
    private PoolMetrics() {
    }

    static List<PoolFigures> figures(ApiContext api) {
        Map<String, HostState> states = new HashMap<>();
        api.store().pools().hostStates().forEach(s -> states.put(s.hypervisor(), s));
        Map<String, String> names = new HashMap<>();
        api.pools().hosts().forEach(h -> names.put(h.id(), h.name()));
        List<PoolFigures> out = new ArrayList<>();
        for (PoolRecord p : api.store().pools().pools()) {
            PoolRuntime r = api.pools().runtime(p.id()).orElse(null);
            if (r == null) {
                continue;
            }
            Map<String, IntervalReport> reports = r.reports();
            List<PoolFigures.Host> hosts = new ArrayList<>();
            for (HostFacts f : r.hardware().hosts()) {
                IntervalReport report = reports.get(f.id());
                double u = report == null || report.measurement() == null
                        || Double.isNaN(report.measurement().cpuUtilisation()) ? 0 : report.measurement().cpuUtilisation();
                HostState s = states.get(f.id());
                hosts.add(new PoolFigures.Host(names.getOrDefault(f.id(), f.id()), PowerStates.toStore(f.power()).label(),
                        PoolViews.watts(f, u), s != null && s.maintenance() != Maintenance.NONE));
            }
            out.add(new PoolFigures(p.name(), hosts, r.migrationCounts(), r.migrationsInFlight(), r.planCounts()));
        }
        return out;
    }

}
