package dev.hpm.server.runtime;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.cpu.Efficacy;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.Store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes an interval's reports: every host's inventory, history rows, adjustment and the efficacy
 * of its last adjustment, whole hosts grouped into transactions of up to as many servers as the
 * store asks for ({@link Store#serversPerIntervalTransaction}: one host each on H2, 2,500 servers on
 * PostgreSQL), the history of a group in one batch per table. A reader sees each host's part of the
 * interval whole or not at all (and so every host of a transaction). Every row carries the
 * interval's time, so figures combine over hosts and transactions. What is kept in memory for a
 * host (its sightings, its adjustment awaiting an achieved PI) changes only after its transaction
 * commits.
 *
 * <p>Why groups on PostgreSQL: at 100,000 servers on 2,000 hosts a transaction per host cost about
 * seven round trips to the database per host (14,000 per interval), most of the interval's write;
 * grouped, 50 such hosts share one batch per table and one commit. On H2 the same grouping made the
 * write slower (2.1–2.4 s to 4.1–4.5 s), and in {@code ./hpm bench server} one transaction of 10,000
 * servers took about twice as long as 50 of 200 while the API was read ({@code ./hpm bench fleet},
 * figures in docs/history.md).
 */
final class IntervalWriter {
    private final Store store;
    private final ServerState state;
    /** Per host, how many adjustments were recorded (the API's counts). */
    private final Map<String, AtomicLong> adjustments = new ConcurrentHashMap<>();
    /** Per host, the adjustment of the last interval awaiting its achieved PI (the efficacy record). */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** What the inventory holds of each server's last sighting (unchanged servers are rewritten rarely). */
    private final Sightings sightings = new Sightings();

    private record Pending(long id, Adjustment adjustment) {
    }

    /** What a transaction wrote for one host, remembered once it commits. */
    private record HostWritten(IntervalReport report, List<InventoryRepository.SeenServer> due,
                               List<InventoryRepository.SeenServer> seen, Pending next) {
    }

    IntervalWriter(Store store, ServerState state) {
        this.store = store;
        this.state = state;
    }

    /** Starts counting the adjustments of {@code host}. */
    void register(String host) {
        adjustments.put(host, new AtomicLong());
    }

    /** How many adjustments each host has had recorded in this run. */
    Map<String, Long> adjustmentCounts() {
        Map<String, Long> counts = new HashMap<>();
        adjustments.forEach((h, c) -> counts.put(h, c.get()));
        return counts;
    }

    /**
     * Writes {@code reports} (interval {@code interval}, its time {@code at}); returns the servers
     * seen for the first time by the transactions that committed, also when a later one fails, in
     * {@code added}.
     */
    void write(List<IntervalReport> reports, Instant at, long interval, List<InventoryRepository.ServerRecord> added) {
        for (List<IntervalReport> group : groups(reports, store.serversPerIntervalTransaction())) {
            added.addAll(writeGroup(group, at, interval));
        }
    }

    /** {@code reports} in order, cut into runs of whole hosts of up to {@code limit} servers (at least one host each). */
    static List<List<IntervalReport>> groups(List<IntervalReport> reports, int limit) {
        List<List<IntervalReport>> groups = new ArrayList<>();
        int from = 0;
        int servers = 0;
        for (int i = 0; i < reports.size(); i++) {
            int n = servers(reports.get(i));
            if (i > from && servers + n > limit) {
                groups.add(reports.subList(from, i));
                from = i;
                servers = 0;
            }
            servers += n;
        }
        if (from < reports.size()) {
            groups.add(reports.subList(from, reports.size()));
        }
        return groups;
    }

    private static int servers(IntervalReport r) {
        return r.measurement() == null ? 0 : r.measurement().servers().size();
    }

    private List<InventoryRepository.ServerRecord> writeGroup(List<IntervalReport> group, Instant at, long interval) {
        List<InventoryRepository.ServerRecord> added = new ArrayList<>();
        List<HostWritten> hosts = new ArrayList<>();
        String what = group.size() == 1 ? "record host " + group.getFirst().host() + " of interval " + interval
                : "record hosts " + group.getFirst().host() + " … " + group.getLast().host() + " (" + group.size()
                + ") of interval " + interval;
        store.inOneTransaction(what, () -> {
            added.clear(); // in case the store runs this again
            hosts.clear();
            Map<String, InventoryRepository.ServerRecord> known = state.servers();
            List<InventoryRepository.HostSighting> sighted = new ArrayList<>();
            Map<String, Instant> vanished = new HashMap<>();
            for (IntervalReport r : group) {
                List<InventoryRepository.SeenServer> seen = new ArrayList<>();
                List<InventoryRepository.SeenServer> due = new ArrayList<>();
                if (r.measurement() != null) {
                    for (VsMeasurement m : r.measurement().servers()) {
                        seen.add(new InventoryRepository.SeenServer(m.uuid(), m.name(), m.vcpus()));
                        if (!known.containsKey(m.uuid())) {
                            added.add(new InventoryRepository.ServerRecord(m.uuid(), m.name(), r.host(), m.vcpus(), "",
                                    Set.of(), "", null, r.time(), r.time()));
                        }
                    }
                    due.addAll(sightings.due(r.host(), seen, r.time(), known::containsKey));
                    sighted.add(new InventoryRepository.HostSighting(r.host(), r.measurement().cpus(), due, r.time()));
                    sightings.vanished(r.host(), seen).forEach((uuid, last) -> vanished.merge(uuid, last,
                            (a, b) -> a.isAfter(b) ? a : b));
                }
                hosts.add(new HostWritten(r, due, seen, null));
            }
            store.inventory().seen(sighted);
            store.inventory().lastSeen(vanished);
            store.history().record(group, at);
            for (int i = 0; i < hosts.size(); i++) {
                hosts.set(i, efficacy(hosts.get(i)));
            }
            return null;
        });
        for (HostWritten h : hosts) {
            IntervalReport r = h.report();
            if (r.measurement() != null) {
                sightings.written(r.host(), h.due(), h.seen(), r.time());
            }
            pending.remove(r.host());
            if (h.next() != null) {
                pending.put(r.host(), h.next());
                adjustments.computeIfAbsent(r.host(), k -> new AtomicLong()).incrementAndGet();
            }
        }
        return added;
    }

    /** Records the achieved PI of the host's last adjustment and appends this interval's, if any. */
    private HostWritten efficacy(HostWritten h) {
        IntervalReport r = h.report();
        Pending last = pending.get(r.host());
        if (last != null && r.measurement() != null) {
            double achieved = Efficacy.outcome(last.adjustment(), r.measurement()).achievedPi();
            if (!Double.isNaN(achieved)) {
                store.adjustments().achieved(last.id(), achieved);
            }
        }
        Pending next = r.decision() != null && r.decision().decision() instanceof Adjustment a
                ? new Pending(store.adjustments().append(r.time(), a), a) : null;
        return new HostWritten(r, h.due(), h.seen(), next);
    }
}
