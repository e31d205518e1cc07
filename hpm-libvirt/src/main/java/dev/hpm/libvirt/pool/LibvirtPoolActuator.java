package dev.hpm.libvirt.pool;

import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.time.Timebase;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pool actuator of libvirt hosts: live migration between them ({@link LiveMigration}:
 * {@code virDomainMigrateToURI3} peer-to-peer with a bandwidth cap, a maximum downtime,
 * auto-converge and a completion timeout, progress from {@code virDomainGetJobStats}).
 * Power and shut-down are left to the {@link PoolActuator} defaults (refused) until a power driver
 * is added. docs/real-pool.md.
 *
 * <p>{@link #migrate} returns at once: every migration runs on two platform threads of its own
 * (the blocking migration call and its monitor), each with its own libvirt connection, so neither
 * the pool runner's thread nor the hosts' {@code HostConnection}s (whose calls are serialised and
 * time-limited for the CPU manager) ever wait for a migration. Platform rather than virtual
 * threads: a thread blocked in a native call pins its carrier, and a pool of many concurrent
 * migrations would pin them all. The number of migrations is bounded by DWM's policy
 * ({@code PlanExecutor}: per host and per pool). Thread-safe.
 */
public final class LibvirtPoolActuator implements PoolActuator {
    private static final int KEEP = 1000;

    /**
     * A host of the pool as a migration reaches it.
     *
     * @param id           the host's id in the pool (the {@code HostController}'s host)
     * @param uri          its libvirt URI; also the destination URI the source daemon connects to,
     *                     so it must be reachable from every other host's daemon
     * @param migrationUri where QEMU's migration stream goes ({@code VIR_MIGRATE_PARAM_URI}, e.g.
     *                     {@code tcp://10.0.0.2}); null: libvirt picks the host's name
     */
    public record MigrationHost(String id, String uri, String migrationUri) {
        public MigrationHost {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(uri, "uri");
        }
    }

    private final Map<String, MigrationHost> hosts = new LinkedHashMap<>();
    private final LiveMigrationSettings settings;
    private final Timebase time;
    private final Deque<LiveMigration> history = new ArrayDeque<>();

    public LibvirtPoolActuator(List<MigrationHost> hosts, LiveMigrationSettings settings, Timebase time) {
        hosts.forEach(h -> this.hosts.put(h.id(), h));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.time = Objects.requireNonNull(time, "time");
    }

    public LiveMigrationSettings settings() {
        return settings;
    }

    /** Starts migrating {@code server} (its domain name) live; a failed handle if the hosts are not known. */
    @Override
    public Handle migrate(String server, String from, String to) {
        MigrationHost source = hosts.get(from);
        MigrationHost destination = hosts.get(to);
        if (source == null || destination == null) {
            return Handle.failed("cannot migrate " + server + ": host " + (source == null ? from : to)
                    + " is not in this pool (hosts: " + String.join(", ", hosts.keySet()) + ")");
        }
        if (from.equals(to)) {
            return Handle.failed("cannot migrate " + server + " from " + from + " to itself");
        }
        LiveMigration migration = new LiveMigration(server, source, destination, settings, time);
        synchronized (history) {
            history.addLast(migration);
            while (history.size() > KEEP) {
                history.removeFirst();
            }
        }
        Thread.ofPlatform().daemon().name("hpm-migration-" + server).start(migration::run);
        return migration;
    }

    /** The migrations started, oldest first (the last {@value #KEEP}). */
    public List<LiveMigration> migrations() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }
}
