package dev.hpm.server.runtime;

import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.store.DefinitionRepository;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.Store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The published state: what the control loops read every interval and the API answers from, kept
 * in memory — the service definition with its groups, the management levels, the server and host
 * records. Snapshots are immutable and swapped atomically, so neither the loops nor a request ever
 * see half a change or wait for a write: a request reads the last published snapshot while the
 * interval is written. It is loaded from the store at start; after that every change goes through
 * this server and is applied here in place once committed (a single server's update replaces that
 * record, a level change those levels; an interval's write publishes its new servers and the host
 * records). Only a change of groups or policies, or an inventory refresh after domain events, reads
 * again. Also the one shared {@link Classifier}, and the group sizes cached per snapshot.
 */
public final class ServerState implements ControlInputs {
    private final Store store;
    private final AtomicLong version = new AtomicLong();
    private volatile ServiceDefinition definition;
    private volatile Classifier classifier;
    private volatile List<DefinitionRepository.GroupRecord> groups = List.of();
    private volatile ManagementLevels levels;
    private volatile ManagementLevel fallback = ManagementLevel.MANAGE;
    private volatile Map<String, InventoryRepository.ServerRecord> servers = Map.of();
    private volatile Map<String, InventoryRepository.HostRecord> hosts = Map.of();
    private volatile GroupSizes sizes;
    private volatile Classes classes;
    private volatile dev.hpm.core.loop.ResponseTimeSource responseTimes = dev.hpm.core.loop.ResponseTimeSource.NONE;

    /** The servers per group, valid for the snapshot of servers and the classifier it was counted on. */
    private record GroupSizes(Map<String, InventoryRepository.ServerRecord> servers, Classifier classifier,
                              Map<String, Integer> sizes) {
    }

    /** Every server's class, valid for the snapshot of servers and the classifier it was classified on. */
    private record Classes(Map<String, InventoryRepository.ServerRecord> servers, Classifier classifier,
                           Map<String, dev.hpm.core.model.ClassInfo> byUuid) {
    }

    public ServerState(Store store) {
        this.store = store;
        reloadDefinition();
        reloadInventory();
    }

    /** Re-reads the definition and the groups after a change to groups or policies. */
    public synchronized void reloadDefinition() {
        ServiceDefinition d = store.definitions().definition();
        groups = List.copyOf(store.definitions().groups());
        classifier = new Classifier(d);
        definition = d;
        version.incrementAndGet();
    }

    /** Re-reads levels, tags, descriptions and hosts (at start, and after a refresh from the hosts). */
    public synchronized void reloadInventory() {
        InventoryRepository inventory = store.inventory();
        Map<String, InventoryRepository.ServerRecord> byUuid = new HashMap<>();
        for (InventoryRepository.ServerRecord s : inventory.servers()) {
            byUuid.put(s.uuid(), s);
        }
        fallback = inventory.defaultLevel();
        hosts = byId(inventory.hosts());
        servers = Map.copyOf(byUuid);
        publishLevels();
    }

    /** One server's record as just committed (an operator's update): replaced in place. */
    public synchronized void updated(InventoryRepository.ServerRecord record) {
        Map<String, InventoryRepository.ServerRecord> next = new HashMap<>(servers);
        next.put(record.uuid(), record);
        servers = Map.copyOf(next);
        publishLevels();
    }

    /**
     * Levels as just committed by {@link InventoryRepository#setLevels} (same arguments): applied to
     * the published records in place.
     */
    public synchronized void levelsSet(ManagementLevel newFallback, Map<String, ManagementLevel> hostLevels,
                                       Map<String, Optional<ManagementLevel>> serverLevels) {
        if (newFallback != null) {
            fallback = newFallback;
        }
        Map<String, InventoryRepository.HostRecord> nextHosts = new HashMap<>(hosts);
        hostLevels.forEach((id, level) -> {
            InventoryRepository.HostRecord h = nextHosts.get(id);
            if (h != null) {
                nextHosts.put(id, new InventoryRepository.HostRecord(h.id(), h.name(), h.uri(), h.cpus(), level,
                        h.firstSeen(), h.lastSeen()));
            }
        });
        Map<String, InventoryRepository.ServerRecord> nextServers = new HashMap<>(servers);
        serverLevels.forEach((uuid, level) -> {
            InventoryRepository.ServerRecord s = nextServers.get(uuid);
            if (s != null) {
                nextServers.put(uuid, new InventoryRepository.ServerRecord(s.uuid(), s.name(), s.host(), s.vcpus(),
                        s.description(), s.tags(), s.osType(), level.orElse(null), s.firstSeen(), s.lastSeen()));
            }
        });
        hosts = Map.copyOf(nextHosts);
        servers = Map.copyOf(nextServers);
        publishLevels();
    }

    /** The levels of the published records, as {@link #reloadInventory} would read them. */
    private void publishLevels() {
        Map<String, ManagementLevel> serverLevels = new HashMap<>();
        servers.values().forEach(s -> {
            if (s.level() != null) {
                serverLevels.put(s.uuid(), s.level());
            }
        });
        Map<String, ManagementLevel> hostLevels = new HashMap<>();
        hosts.values().forEach(h -> {
            if (h.level() != null) {
                hostLevels.put(h.id(), h.level());
            }
        });
        levels = new ManagementLevels(fallback, hostLevels, fallback, serverLevels);
        version.incrementAndGet();
    }

    /** Servers seen for the first time this interval: added without re-reading everything. */
    public synchronized void seenNew(List<InventoryRepository.ServerRecord> added) {
        if (added.isEmpty()) {
            return;
        }
        Map<String, InventoryRepository.ServerRecord> next = new HashMap<>(servers);
        added.forEach(s -> next.put(s.uuid(), s));
        servers = Map.copyOf(next);
    }

    /** The host records as committed by an interval's write (CPUs and last seen change every interval). */
    public synchronized void intervalWritten(List<InventoryRepository.HostRecord> written) {
        hosts = byId(written);
    }

    private static Map<String, InventoryRepository.HostRecord> byId(List<InventoryRepository.HostRecord> records) {
        Map<String, InventoryRepository.HostRecord> byId = new HashMap<>();
        records.forEach(h -> byId.put(h.id(), h));
        return Map.copyOf(byId);
    }

    /** Sets where the loops get response times from (the load balancers' sources); none until set. */
    public void responseTimes(dev.hpm.core.loop.ResponseTimeSource source) {
        responseTimes = source == null ? dev.hpm.core.loop.ResponseTimeSource.NONE : source;
    }

    @Override
    public dev.hpm.core.loop.ResponseTimeSource responseTimes() {
        return responseTimes;
    }

    @Override
    public ServiceDefinition definition() {
        return definition;
    }

    @Override
    public ManagementLevels levels() {
        return levels;
    }

    @Override
    public VirtualServerInfo describe(String host, String uuid, String name) {
        InventoryRepository.ServerRecord s = servers.get(uuid);
        return s == null ? new VirtualServerInfo(uuid, name, host, null, null)
                : new VirtualServerInfo(uuid, name, host, s.tags(), s.osType());
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public Classifier classifier() {
        return classifier;
    }

    /** The server records, by UUID. */
    public Map<String, InventoryRepository.ServerRecord> servers() {
        return servers;
    }

    /**
     * A server by UUID or, failing that, by name (the lowest UUID of that name, as the store's lookup
     * answers), from the published records.
     */
    public Optional<InventoryRepository.ServerRecord> server(String uuidOrName) {
        Map<String, InventoryRepository.ServerRecord> current = servers;
        InventoryRepository.ServerRecord byUuid = current.get(uuidOrName);
        if (byUuid != null) {
            return Optional.of(byUuid);
        }
        return current.values().stream().filter(s -> s.name().equals(uuidOrName))
                .min(java.util.Comparator.comparing(InventoryRepository.ServerRecord::uuid));
    }

    /** The host records, by id. */
    public Map<String, InventoryRepository.HostRecord> hosts() {
        return hosts;
    }

    /** The groups as last committed (with their ids and policies), in the store's order. */
    public List<DefinitionRepository.GroupRecord> groups() {
        return groups;
    }

    /**
     * The server's class under the current definition: classified once per snapshot of the servers
     * and classifier (a list of 10,000 servers does not classify them again per request); a record
     * not of the current snapshot is classified on the spot.
     */
    public dev.hpm.core.model.ClassInfo classOf(InventoryRepository.ServerRecord s) {
        Map<String, InventoryRepository.ServerRecord> current = servers;
        Classifier c = classifier;
        Classes cached = classes;
        if (cached == null || cached.servers() != current || cached.classifier() != c) {
            Map<String, dev.hpm.core.model.ClassInfo> byUuid = new HashMap<>();
            current.values().forEach(r -> byUuid.put(r.uuid(), c.classify(info(r))));
            cached = new Classes(current, c, Map.copyOf(byUuid));
            classes = cached;
        }
        return cached.servers().get(s.uuid()) == s ? cached.byUuid().get(s.uuid()) : c.classify(info(s));
    }

    private static VirtualServerInfo info(InventoryRepository.ServerRecord s) {
        return new VirtualServerInfo(s.uuid(), s.name(), s.host(), s.tags(), s.osType());
    }

    /**
     * How many known servers each group holds, by group name: counted once per snapshot of the
     * servers and classifier, not per request.
     */
    public Map<String, Integer> groupSizes() {
        Map<String, InventoryRepository.ServerRecord> current = servers;
        Classifier c = classifier;
        GroupSizes cached = sizes;
        if (cached != null && cached.servers() == current && cached.classifier() == c) {
            return cached.sizes();
        }
        Map<String, Integer> counted = new HashMap<>();
        for (InventoryRepository.ServerRecord s : current.values()) {
            counted.merge(c.groupOf(info(s)).name(), 1, Integer::sum);
        }
        Map<String, Integer> result = Map.copyOf(counted);
        sizes = new GroupSizes(current, c, result);
        return result;
    }
}
