package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DomainStatsDecoder;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.NodeInfo;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * HPM's {@link HypervisorDriver} on one libvirt connection, through the Foreign Function &amp; Memory
 * API (no JNA, no libvirt-java). Open it with {@link #open(ConnectOptions, LongSupplier)}; the
 * {@link LongSupplier} is the caller's monotonic clock (e.g. {@code Timebase::nanos}) and stamps
 * every sample, so nothing here reads a clock of its own.
 *
 * <p>{@link #domainStats} is one {@code virConnectGetAllDomainStats} round trip for the active
 * domains, with {@code VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT} when the daemon is libvirt ≥ 6.0.0
 * (so a domain whose monitor is busy does not stall the whole host), dropped for good if libvirt
 * rejects it. {@link #domains()} offers the operations beyond the core interface.
 *
 * <p>Thread-safety: not thread-safe. One thread at a time may use a driver and its
 * {@link LibvirtDomains} (reused buffers, decoder and caches); {@link HostConnection} gives each host
 * its own thread and serialises calls. Failures are {@link DriverException}s with libvirt's own code
 * and message.
 */
public final class LibvirtDriver implements HypervisorDriver {
    /** {@code VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE}. */
    static final int STATS_ACTIVE = 1;
    /** {@code VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT}. */
    static final int STATS_NOWAIT = 1 << 29;
    /** The first libvirt HPM trusts with NOWAIT. */
    static final long NOWAIT_SINCE = 6_000_000;
    /** {@code VIR_NODE_CPU_STATS_ALL_CPUS}. */
    private static final int ALL_CPUS = -1;

    private final NativeConnection connection;
    private final LongSupplier clock;
    private final String uri;
    private final long libVersion;
    private final boolean readOnly;
    private final DomainStatsDecoder decoder = new DomainStatsDecoder();
    private final StatsRecordReader reader;
    private final LibvirtDomains domains;
    private final MemorySegment statsOut;
    private final DomainEvents events;
    private boolean noWait;
    private int nodeCpuParams = -1;

    private LibvirtDriver(NativeConnection connection, ConnectOptions options, LongSupplier clock) {
        this.connection = connection;
        this.clock = clock;
        this.readOnly = options.readOnly();
        this.uri = connection.uri();
        this.libVersion = connection.libVersion();
        this.noWait = libVersion >= NOWAIT_SINCE;
        this.reader = new StatsRecordReader(connection);
        this.domains = new LibvirtDomains(connection);
        this.statsOut = connection.arena().allocate(ADDRESS);
        this.events = new DomainEvents(connection);
    }

    /**
     * Opens a read-write connection to {@code uri} with the default options for it
     * ({@link ConnectOptions#of}).
     */
    public static LibvirtDriver open(String uri, LongSupplier clock) {
        return open(ConnectOptions.of(uri), clock);
    }

    /**
     * Opens a connection.
     *
     * @param clock monotonic nanoseconds for sample timestamps
     * @throws DriverException libvirt's error if the connection cannot be opened, or (code -1) if
     *                         libvirt is not installed
     */
    public static LibvirtDriver open(ConnectOptions options, LongSupplier clock) {
        Objects.requireNonNull(clock, "clock");
        NativeConnection connection = NativeConnection.open(options);
        try {
            return new LibvirtDriver(connection, options, clock);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The canonical URI of the connection ({@code virConnectGetURI}, read once at open). */
    @Override
    public String uri() {
        return uri;
    }

    /** {@code virConnectGetHostname}: the host's name as the hypervisor knows it. */
    public String hostname() {
        return connection.hostname();
    }

    /** The libvirt version of the daemon serving the connection, e.g. {@code 9000000} for 9.0.0. */
    public long libVersion() {
        return libVersion;
    }

    /** True if opened read-only. */
    public boolean readOnly() {
        return readOnly;
    }

    /** {@code virConnectIsAlive}: false once closed or once the transport broke. */
    public boolean isAlive() {
        return connection.isAlive();
    }

    /** True while {@link #domainStats} passes {@code VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT}. */
    public boolean usesNoWait() {
        return noWait;
    }

    /** The operations beyond the core interface, on this driver's connection. */
    public LibvirtDomains domains() {
        return domains;
    }

    @Override
    public NodeInfo nodeInfo() {
        try (Arena scope = Arena.ofConfined()) {
            MemorySegment info = scope.allocate(Layouts.NODE_INFO);
            connection.check((int) Fn.virNodeGetInfo.invokeExact(connection.ptr(), info), "virNodeGetInfo");
            return new NodeInfo(info.getString(0), info.get(JAVA_LONG, nodeInfo("memory")),
                    info.get(JAVA_INT, nodeInfo("cpus")), info.get(JAVA_INT, nodeInfo("mhz")),
                    info.get(JAVA_INT, nodeInfo("nodes")), info.get(JAVA_INT, nodeInfo("sockets")),
                    info.get(JAVA_INT, nodeInfo("cores")), info.get(JAVA_INT, nodeInfo("threads")));
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /**
     * {@code virNodeGetCPUStats} over all CPUs. The number of fields is asked for once (the first
     * call of libvirt's two-call pattern) and remembered, so later calls are one round trip. A field
     * the host does not report is 0.
     */
    @Override
    public NodeCpuStats nodeCpuStats() {
        try (Arena scope = Arena.ofConfined()) {
            MemorySegment count = scope.allocate(JAVA_INT);
            if (nodeCpuParams < 0) {
                connection.check((int) Fn.virNodeGetCPUStats.invokeExact(connection.ptr(), ALL_CPUS,
                        MemorySegment.NULL, count, 0), "virNodeGetCPUStats");
                nodeCpuParams = count.get(JAVA_INT, 0);
            }
            count.set(JAVA_INT, 0, nodeCpuParams);
            MemorySegment params = scope.allocate(Layouts.NODE_CPU_STATS, Math.max(1, nodeCpuParams));
            connection.check((int) Fn.virNodeGetCPUStats.invokeExact(connection.ptr(), ALL_CPUS, params, count, 0),
                    "virNodeGetCPUStats");
            long kernel = 0;
            long user = 0;
            long idle = 0;
            long iowait = 0;
            for (int i = 0; i < count.get(JAVA_INT, 0); i++) {
                long base = i * Layouts.NODE_CPU_STATS.byteSize();
                long value = params.get(JAVA_LONG, base + Layouts.NCS_VALUE);
                switch (params.getString(base)) {
                    case "kernel" -> kernel = value;
                    case "user" -> user = value;
                    case "idle" -> idle = value;
                    case "iowait" -> iowait = value;
                    default -> {
                    }
                }
            }
            return new NodeCpuStats(kernel, user, idle, iowait, clock.getAsLong());
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /**
     * {@code virConnectGetAllDomainStats} for the active domains, decoded by {@link DomainStatsDecoder}
     * and stamped with the injected clock when the reply arrived. An empty {@code groups} asks for every
     * group the hypervisor supports.
     */
    @Override
    public List<DomainSample> domainStats(Set<StatsGroup> groups) {
        int stats = StatsGroup.flags(groups);
        int count = allDomainStats(stats);
        long timestamp = clock.getAsLong();
        MemorySegment list = statsOut.get(ADDRESS, 0);
        try {
            return reader.read(list, count, decoder, timestamp);
        } finally {
            try {
                Fn.virDomainStatsRecordListFree.invokeExact(list);
            } catch (Throwable t) {
                throw LibvirtLibrary.rethrow(t);
            }
        }
    }

    private int allDomainStats(int stats) {
        try {
            while (true) {
                int flags = STATS_ACTIVE | (noWait ? STATS_NOWAIT : 0);
                int count = (int) Fn.virConnectGetAllDomainStats.invokeExact(connection.ptr(), stats, statsOut, flags);
                if (count >= 0) {
                    return count;
                }
                DriverException e = LibvirtErrors.last("virConnectGetAllDomainStats", connection.ptr());
                if (!noWait || e.code() != LibvirtErrors.INVALID_ARG && e.code() != LibvirtErrors.NO_SUPPORT) {
                    throw e;
                }
                noWait = false;
            }
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /**
     * {@code cpu_shares}, {@code vcpu_period}/{@code vcpu_quota} and {@code global_period}/
     * {@code global_quota} of the domain; see {@link SchedulerCodec#decode} for absent parameters.
     */
    @Override
    public SchedulerParameters schedulerParameters(String uuid) {
        return SchedulerCodec.decode(domains.schedulerParameters(uuid));
    }

    /** Sets what {@code update} sets, typed as libvirt expects ({@link SchedulerCodec#encode}). */
    @Override
    public void updateScheduler(String uuid, SchedulerUpdate update, Set<Affect> affect) {
        domains.setSchedulerParameters(uuid, SchedulerCodec.encode(update), affect);
    }

    /** {@link LibvirtDomains#change}: the lifecycle call matching {@code action}. */
    @Override
    public void changeState(String uuid, dev.hpm.core.driver.DomainAction action) {
        domains().change(uuid, action);
    }

    /** The disks and interfaces of the domain's XML description ({@link DomainXml}). */
    @Override
    public dev.hpm.core.driver.DomainDevices devices(String uuid) {
        return DomainXml.devices(domains().xml(uuid));
    }

    /** HPM's tags from the domain's metadata ({@link LibvirtDomains#tags}). */
    @Override
    public java.util.Optional<Set<String>> tags(String uuid) {
        return domains.tags(uuid);
    }

    /** Always true: tags live in the domain's metadata ({@link TagsMetadata}). */
    @Override
    public boolean keepsTags() {
        return true;
    }

    /** {@link LibvirtDomains#setTags}. */
    @Override
    public void setTags(String uuid, Set<String> tags) {
        domains.setTags(uuid, tags);
    }

    /**
     * Registers {@code listener} for the connection's lifecycle events
     * ({@code virConnectDomainEventRegisterAny}, {@link DomainEvents}); they arrive on libvirt's event
     * thread. Closing the subscription, or the driver, deregisters it.
     */
    @Override
    public Subscription onDomainEvents(java.util.function.Consumer<dev.hpm.core.driver.DomainEvent> listener) {
        return events.register(listener);
    }

    /** Deregisters every event listener, then closes the connection and frees its native memory; idempotent. */
    @Override
    public void close() {
        events.close();
        connection.close();
    }

    @Override
    public String toString() {
        return "LibvirtDriver[" + uri + (readOnly ? ", read-only" : "") + ", libvirt "
                + LibvirtLibrary.formatVersion(libVersion) + "]";
    }

    private static long nodeInfo(String member) {
        return Layouts.offset(Layouts.NODE_INFO, member);
    }
}
