package dev.hpm.server.runtime;

import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.Store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the control loops read every interval, kept in memory and refreshed from the store after
 * every write (all writes go through this server): the service definition, the management levels
 * and what operators set on servers (tags, OS type). Snapshots are immutable and swapped atomically,
 * so the loops never see half a change. Also the one shared {@link Classifier}.
 */
public final class ServerState implements ControlInputs {
    private final Store store;
    private final AtomicLong version = new AtomicLong();
    private volatile ServiceDefinition definition;
    private volatile Classifier classifier;
    private volatile ManagementLevels levels;
    private volatile Map<String, InventoryRepository.ServerRecord> servers = Map.of();
    private volatile dev.hpm.core.loop.ResponseTimeSource responseTimes = dev.hpm.core.loop.ResponseTimeSource.NONE;

    public ServerState(Store store) {
        this.store = store;
        reloadDefinition();
        reloadInventory();
    }

    /** Re-reads the definition after a change to groups or policies. */
    public synchronized void reloadDefinition() {
        ServiceDefinition d = store.definitions().definition();
        classifier = new Classifier(d);
        definition = d;
        version.incrementAndGet();
    }

    /** Re-reads levels, tags and descriptions after a change to the inventory. */
    public synchronized void reloadInventory() {
        InventoryRepository inventory = store.inventory();
        Map<String, InventoryRepository.ServerRecord> byUuid = new HashMap<>();
        Map<String, ManagementLevel> serverLevels = new HashMap<>();
        for (InventoryRepository.ServerRecord s : inventory.servers()) {
            byUuid.put(s.uuid(), s);
            if (s.level() != null) {
                serverLevels.put(s.uuid(), s.level());
            }
        }
        Map<String, ManagementLevel> hostLevels = new HashMap<>();
        for (InventoryRepository.HostRecord h : inventory.hosts()) {
            if (h.level() != null) {
                hostLevels.put(h.id(), h.level());
            }
        }
        ManagementLevel fallback = inventory.defaultLevel();
        servers = Map.copyOf(byUuid);
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
}
