package dev.hpm.server.runtime;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.Store;

import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Brings one host's part of the inventory up to date between intervals: on a domain lifecycle
 * event (a guest defined, started, stopped, migrated or undefined, inside HPM or outside it), and,
 * on hosts whose domains carry their tags ({@link HypervisorDriver#keepsTags}), after the first
 * interval and whenever an interval finds new servers, so that tags kept in the domains' metadata
 * are read after a restart of HPM or on a new database.
 *
 * <p>A refresh asks the host for its running domains ({@code virConnectGetAllDomainStats}, state
 * and vCPUs) and records them as seen, as an interval does; then, where the domain carries HPM's
 * tags, makes them the server's tags in the store (the domain is the authority: the tags travel with
 * it). Servers that stopped keep their record, as they do between intervals. Requests are
 * coalesced per host (one waiting refresh at most) and run on the injected executor, never on the
 * thread that delivered the event; a failed refresh is logged, and the next interval sees the host
 * as usual.
 */
final class InventoryRefresh {
    private static final Logger LOG = System.getLogger(InventoryRefresh.class.getName());
    private static final Set<StatsGroup> GROUPS = EnumSet.of(StatsGroup.STATE, StatsGroup.VCPU);
    private final Store store;
    private final ServerState state;
    private final Timebase time;
    private final Executor executor;
    private final Map<String, AtomicBoolean> waiting = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    InventoryRefresh(Store store, ServerState state, Timebase time, Executor executor) {
        this.store = store;
        this.state = state;
        this.time = time;
        this.executor = executor;
    }

    /** Refreshes {@code host} soon on the executor, unless a refresh of it is already waiting. */
    void request(ManagedHost host) {
        if (closed) {
            return;
        }
        AtomicBoolean flag = waiting.computeIfAbsent(host.id(), k -> new AtomicBoolean());
        if (flag.compareAndSet(false, true)) {
            executor.execute(() -> {
                flag.set(false);
                refreshQuietly(host);
            });
        }
    }

    /** No refresh starts after this. */
    void close() {
        closed = true;
    }

    private void refreshQuietly(ManagedHost host) {
        if (closed) {
            return;
        }
        try {
            refresh(host);
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.WARNING, host.id() + ": refreshing the inventory after an event failed: " + e.getMessage());
        }
    }

    /** Refreshes {@code host} now, on the caller's thread (one refresh per host at a time). */
    void refresh(ManagedHost host) {
        synchronized (locks.computeIfAbsent(host.id(), k -> new Object())) {
            HypervisorDriver driver = host.driver();
            List<DomainSample> running = driver.domainStats(GROUPS);
            int cpus = driver.nodeInfo().cpus();
            List<InventoryRepository.SeenServer> seen = new ArrayList<>(running.size());
            for (DomainSample s : running) {
                seen.add(new InventoryRepository.SeenServer(s.uuid(), s.name(),
                        s.vcpuCurrent() > 0 ? s.vcpuCurrent() : Math.max(0, s.vcpuMaximum())));
            }
            store.inventory().seen(host.id(), cpus, seen, time.now());
            if (driver.keepsTags()) {
                for (DomainSample s : running) {
                    adoptTags(driver, s.uuid());
                }
            }
            state.reloadInventory();
        }
    }

    /** Makes the domain's tags the server's, if the domain carries HPM's and they differ. */
    private void adoptTags(HypervisorDriver driver, String uuid) {
        Optional<Set<String>> tags;
        try {
            tags = driver.tags(uuid);
        } catch (RuntimeException e) { // gone since the listing, or unreadable metadata: keep the record's
            LOG.log(Logger.Level.WARNING, uuid + ": cannot read the tags in the domain: " + e.getMessage());
            return;
        }
        if (tags.isEmpty()) {
            return;
        }
        Optional<InventoryRepository.ServerRecord> record = store.inventory().server(uuid);
        if (record.isPresent() && !record.get().tags().equals(tags.get())) {
            store.inventory().updateServer(uuid, new InventoryRepository.ServerUpdate(Optional.empty(), tags,
                    Optional.empty()));
        }
    }
}
