package dev.hpm.core.pool;

import dev.hpm.core.cpu.VsView;
import dev.hpm.core.dwm.PoolHost;
import dev.hpm.core.dwm.PoolServer;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.Aggregation;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the DWM planner's {@link PoolView} from one pool interval: each server's demand (using +
 * delay, in CPUs), the shares the CPU manager set, its class and PI from its host's report (and each
 * response-time class's PI over the pool, for servers with too few completions of their own); each
 * host's facts from the {@link PoolInventory}. A server without data this interval (it just
 * arrived by migration, or restarted) keeps the demand it last had, wherever it was measured, so
 * that a move does not make it look idle or, as the CPU manager assumes for a new server, as busy
 * as its vCPUs. Servers are named by their domain name, as the policy's rules name them.
 */
final class PoolViewBuilder {
    private final Map<String, Double> lastDemand = new HashMap<>();
    /** Server name → uuid and host, as last seen. */
    final Map<String, String> uuids = new HashMap<>();

    /**
     * @param committed servers a queued or running action has claimed (shown as migrating)
     * @param power     hosts whose power a queued or running action is changing, with the state it is committed to
     */
    PoolView build(PoolInterval interval, PoolInventory inventory, Set<String> committed,
                   List<PoolView.InFlight> inFlight, Map<String, PowerState> power) {
        Map<String, IntervalReport> byHost = new HashMap<>();
        interval.reports().forEach(r -> byHost.put(r.host(), r));
        List<PoolHost> hosts = new ArrayList<>();
        List<PoolServer> servers = new ArrayList<>();
        for (PoolInventory.HostFacts f : inventory.hosts()) {
            IntervalReport r = byHost.get(f.id());
            boolean answered = r != null && r.view() != null && r.measurement() != null;
            boolean reachable = f.power() != PowerState.ON || answered;
            double used = answered ? r.measurement().usingCpus() * f.capacity() / Math.max(1, f.cpus()) : Double.NaN;
            hosts.add(new PoolHost(f.id(), f.capacity(), f.cpus(), f.memoryMb(), power.getOrDefault(f.id(), f.power()),
                    f.maintenance(), reachable, f.powerModel(), used));
            if (answered && f.power() == PowerState.ON) {
                servers(r, f, inventory, committed, servers);
            }
        }
        return new PoolView(interval.time(), hosts, servers, inFlight, classPis(interval));
    }

    /**
     * Each response-time class's PI over the pool: its completions merged over the hosts that
     * answered ({@link Aggregation#pool}), for the servers with too few of their own.
     */
    private static Map<ClassKey, Double> classPis(PoolInterval interval) {
        List<HostMeasurement> measured = new ArrayList<>();
        for (IntervalReport r : interval.reports()) {
            if (r.measurement() != null) {
                measured.add(r.measurement());
            }
        }
        Map<ClassKey, Double> out = new HashMap<>();
        Aggregation.pool(measured).forEach((key, c) -> {
            if (c.serviceClass().goal() instanceof Goal.ResponseTime && !Double.isNaN(c.pi())) {
                out.put(key, c.pi());
            }
        });
        return out;
    }

    private void servers(IntervalReport r, PoolInventory.HostFacts f, PoolInventory inventory, Set<String> committed,
                         List<PoolServer> out) {
        Map<String, VsMeasurement> measured = new HashMap<>();
        r.measurement().servers().forEach(m -> measured.put(m.uuid(), m));
        double perCpu = f.capacity() / Math.max(1, f.cpus());
        for (VsView v : r.view().servers()) {
            VsMeasurement m = measured.get(v.uuid());
            boolean data = m != null && m.status().isData();
            double demand = data ? v.demandCpus() * perCpu : lastDemand.getOrDefault(v.name(), v.demandCpus() * perCpu);
            if (data) {
                lastDemand.put(v.name(), demand);
            }
            uuids.put(v.name(), v.uuid());
            double max = Math.min(v.vcpus() * perCpu, v.capCpus() * perCpu);
            out.add(new PoolServer(v.name(), r.host(), v.vcpus(), max, inventory.serverMemoryMb(v.name()), demand,
                    v.shares(), v.serviceClass(), m == null ? Double.NaN : m.pi(), committed.contains(v.name())));
        }
    }
}
