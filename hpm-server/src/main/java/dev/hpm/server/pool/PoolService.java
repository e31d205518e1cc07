package dev.hpm.server.pool;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.Problems;
import dev.hpm.core.pool.PoolInterval;
import dev.hpm.core.pool.PoolStep;
import dev.hpm.core.time.Timebase;
import dev.hpm.server.runtime.DemoHardware;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.server.security.SecretBox;
import dev.hpm.store.PlanRepository;
import dev.hpm.store.PoolRepository.PoolRecord;
import dev.hpm.store.Store;

import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every server pool of {@code hpm serve}, as the step the management service's pool runner calls
 * after recording each interval: one {@link PoolRuntime} per pool in the store, each with its DWM
 * step on its {@link PoolHardware}. On start, plans that were executing when the server stopped are
 * marked interrupted with each action's state ({@link PlanRepository#interruptExecuting}); they are
 * never resumed blindly: the next plan is made from where the hypervisors report the servers, so
 * HPM never starts a guest twice. A pool's failure is logged and does not stop the others.
 */
public final class PoolService implements PoolStep {
    private static final Logger LOG = System.getLogger(PoolService.class.getName());
    private final Store store;
    private final Timebase time;
    private final List<ManagedHost> hosts;
    private final Supplier<Map<String, IntervalReport>> latest;
    private final PoolDrivers drivers;
    private final SecretBox secrets;
    private final DemoHardware demo;
    private final LongSupplier ticker;
    private final Map<String, PoolRuntime> runtimes = new ConcurrentHashMap<>();
    private volatile java.util.function.UnaryOperator<dev.hpm.core.pool.PoolActuator> fence = a -> a;
    private List<PlanRepository.PlanRecord> interrupted = List.of();
    private volatile String lastError;

    /**
     * @param demo the demo pool's simulated hardware (null without the demo)
     * @param ticker the machine's nanoseconds, for the planner's time
     */
    public PoolService(Store store, Timebase time, List<ManagedHost> hosts, Supplier<Map<String, IntervalReport>> latest,
                       PoolDrivers drivers, SecretBox secrets, DemoHardware demo, LongSupplier ticker) {
        this.store = store;
        this.time = time;
        this.hosts = List.copyOf(hosts);
        this.latest = latest;
        this.drivers = drivers;
        this.secrets = secrets;
        this.demo = demo;
        this.ticker = ticker;
    }

    /** Marks plans a previous run left executing as interrupted, then loads every pool. */
    /**
     * In a cluster (docs/cluster.md): every migration and power action of the pools goes through
     * {@code fence}, which refuses it unless this instance holds the hosts' leases. Set before {@link #start}.
     */
    public void fence(java.util.function.UnaryOperator<dev.hpm.core.pool.PoolActuator> fence) {
        this.fence = fence;
    }

    public synchronized void start() {
        interrupted = store.plans().interruptExecuting(time.now(),
                "the server stopped while the plan executed; HPM does not resume it");
        for (PlanRepository.PlanRecord p : interrupted) {
            LOG.log(Logger.Level.WARNING, "plan " + p.id() + " of pool " + p.pool() + " was interrupted by a restart");
        }
        for (PoolRecord p : store.pools().pools()) {
            load(p.id());
        }
    }

    /** The plans the last start marked interrupted. */
    public List<PlanRepository.PlanRecord> interrupted() {
        return interrupted;
    }

    @Override
    public void afterHosts(PoolInterval interval) {
        for (PoolRuntime r : runtimes.values()) {
            try {
                r.afterHosts(interval);
                lastError = null;
            } catch (RuntimeException e) {
                lastError = "pool " + r.id() + ": " + e.getMessage();
                LOG.log(Logger.Level.ERROR, "DWM of pool " + r.id() + " failed in interval " + interval.index(), e);
            }
        }
    }

    /** (Re)builds the runtime of pool {@code id} from the store, or drops it if the pool is gone. */
    public synchronized void load(String id) {
        Optional<PoolRecord> record = store.pools().pool(id);
        if (record.isEmpty()) {
            runtimes.remove(id);
            return;
        }
        PoolRecord p = record.get();
        supersedeStalePending(p.id());
        PoolPolicy policy = PolicyJson.parse(p.policy(), "the DWM policy of pool " + p.name());
        List<ManagedHost> members = members(p.hypervisors());
        PoolHardware hardware = isDemo(p.hypervisors()) ? demo.subset(p.hypervisors())
                : new ServedHardware(members, latest, store.pools(), time, drivers, secrets, () -> runtimes.get(id) == null
                ? policy.migration() : runtimes.get(id).policy().migration());
        runtimes.put(id, new PoolRuntime(p, policy, members, hardware, store, time, ticker, interrupted, fence));
    }

    /**
     * A plan pending in the store belongs to a runtime that is gone (a restart, or the pool's hosts
     * changed): it can no longer be approved, so it is marked superseded.
     */
    private void supersedeStalePending(String pool) {
        for (PlanRepository.PlanRecord p : store.plans().plans(pool, PlanRepository.Status.PENDING, 1000)) {
            store.plans().save(new PlanRepository.PlanRecord(p.id(), p.pool(), p.created(), time.now(),
                    PlanRepository.Status.SUPERSEDED, p.goal(), p.summary(), p.before(), p.projected(), p.achieved(),
                    p.actions()));
        }
    }

    /** The managed hosts among {@code ids}, in their order (hosts this server does not manage are left out). */
    List<ManagedHost> members(List<String> ids) {
        List<ManagedHost> out = new ArrayList<>();
        for (String id : ids) {
            hosts.stream().filter(h -> h.id().equals(id)).findFirst().ifPresent(out::add);
        }
        return out;
    }

    private boolean isDemo(Collection<String> ids) {
        return demo != null && !ids.isEmpty() && ids.stream().allMatch(i -> i.startsWith("sim://"));
    }

    /**
     * Problems of a pool's hypervisors beyond what the store checks: simulated and real hosts are not
     * mixed (their migrations cannot cross), and every host is one this server manages.
     */
    public Problems problems(List<String> ids) {
        Problems p = new Problems();
        long sim = ids.stream().filter(i -> i.startsWith("sim://")).count();
        if (sim > 0 && sim < ids.size()) {
            p.add("hypervisors", String.join(", ", ids), "do not mix the demo's simulated hosts with real ones");
        }
        for (String id : ids) {
            if (hosts.stream().noneMatch(h -> h.id().equals(id))) {
                p.add("hypervisors", id, "this server does not manage that hypervisor");
            }
        }
        return p;
    }

    public Optional<PoolRuntime> runtime(String poolId) {
        return Optional.ofNullable(runtimes.get(poolId));
    }

    /** The runtime of the pool {@code hypervisor} belongs to. */
    public Optional<PoolRuntime> runtimeOf(String hypervisor) {
        return runtimes.values().stream().filter(r -> r.hosts().contains(hypervisor)).findFirst();
    }

    public Collection<PoolRuntime> runtimes() {
        return runtimes.values();
    }

    /** The error of the last failed pool interval, or null. */
    public String lastError() {
        return lastError;
    }

    /** Seals BMC passwords for the store. */
    public SecretBox secrets() {
        return secrets;
    }

    public List<ManagedHost> hosts() {
        return hosts;
    }
}
