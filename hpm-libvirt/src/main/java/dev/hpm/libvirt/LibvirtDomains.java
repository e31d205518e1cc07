package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver.Affect;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The domain operations beyond HPM's core driver interface: listing, lookup, lifecycle,
 * define/undefine, raw scheduler parameters and migration. Obtained from
 * {@link LibvirtDriver#domains()}; shares the driver's connection, and its thread rules (one
 * thread at a time). Domains are named by UUID; every handle is looked up, used and freed within
 * one call. Failures are {@link DriverException}s with libvirt's code and message.
 */
@SuppressWarnings("restricted")
public final class LibvirtDomains {
    /** {@code VIR_CONNECT_LIST_DOMAINS_ACTIVE}. */
    private static final int LIST_ACTIVE = 1;
    /**
     * {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA}: the flags
     * every driver accepts (the {@code test://} driver refuses the checkpoint flag).
     */
    private static final int UNDEFINE_FLAGS = 1 | 1 << 1;
    /** {@code REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX}: the most scheduler parameters libvirt returns. */
    private static final int MAX_SCHEDULER_PARAMS = 16;
    /** {@code VIR_DOMAIN_METADATA_ELEMENT}. */
    private static final int METADATA_ELEMENT = 2;
    /** {@code VIR_DOMAIN_AFFECT_LIVE}, {@code VIR_DOMAIN_AFFECT_CONFIG}. */
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;

    private final NativeConnection connection;

    LibvirtDomains(NativeConnection connection) {
        this.connection = connection;
    }

    /** Every domain, active and inactive ({@code virConnectListAllDomains}). */
    public List<DomainInfo> list() {
        return list(false);
    }

    /** The active domains if {@code activeOnly}, else all. */
    public List<DomainInfo> list(boolean activeOnly) {
        try (Arena scope = Arena.ofConfined()) {
            MemorySegment out = scope.allocate(ADDRESS);
            int count = connection.check((int) Fn.virConnectListAllDomains.invokeExact(connection.ptr(), out,
                    activeOnly ? LIST_ACTIVE : 0), "virConnectListAllDomains");
            MemorySegment array = out.get(ADDRESS, 0).reinterpret(count * ADDRESS.byteSize());
            List<DomainInfo> result = new ArrayList<>(count);
            try {
                for (int i = 0; i < count; i++) {
                    result.add(info(array.getAtIndex(ADDRESS, i), scope));
                }
            } finally {
                for (int i = 0; i < count; i++) {
                    NativeConnection.freeDomain(array.getAtIndex(ADDRESS, i));
                }
                LibvirtLibrary.free(array);
            }
            return result;
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /** The domain with this UUID; {@link LibvirtErrors#NO_DOMAIN} if there is none. */
    public DomainInfo info(String uuid) {
        return connection.withDomain(uuid, this::info);
    }

    /** The domain with this name, if there is one. */
    public Optional<DomainInfo> findByName(String name) {
        try (Arena scope = Arena.ofConfined()) {
            MemorySegment domain = (MemorySegment) Fn.virDomainLookupByName.invokeExact(connection.ptr(),
                    scope.allocateFrom(name));
            if (domain.equals(MemorySegment.NULL)) {
                DriverException e = LibvirtErrors.last("virDomainLookupByName", connection.ptr());
                if (e.code() == LibvirtErrors.NO_DOMAIN) {
                    return Optional.empty();
                }
                throw e;
            }
            try {
                return Optional.of(info(domain, scope));
            } finally {
                NativeConnection.freeDomain(domain);
            }
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /** Defines (or redefines) a persistent domain from its XML ({@code virDomainDefineXML}). */
    public DomainInfo define(String xml) {
        try (Arena scope = Arena.ofConfined()) {
            MemorySegment domain = connection.check((MemorySegment) Fn.virDomainDefineXML.invokeExact(
                    connection.ptr(), scope.allocateFrom(xml)), "virDomainDefineXML");
            try {
                return info(domain, scope);
            } finally {
                NativeConnection.freeDomain(domain);
            }
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /**
     * Removes the persistent definition ({@code virDomainUndefineFlags}, also removing a managed-save
     * image and snapshot metadata); a running domain keeps running as a transient one.
     */
    public void undefine(String uuid) {
        connection.withDomain(uuid, (domain, scope) -> connection.check(
                (int) Fn.virDomainUndefineFlags.invokeExact(domain, UNDEFINE_FLAGS), "virDomainUndefineFlags"));
    }

    /** Starts a defined domain ({@code virDomainCreate}). */
    public void start(String uuid) {
        lifecycle(uuid, Fn.virDomainCreate, "virDomainCreate");
    }

    /** Asks the guest OS to shut down ({@code virDomainShutdown}); returns before it has. */
    public void shutdown(String uuid) {
        lifecycle(uuid, Fn.virDomainShutdown, "virDomainShutdown");
    }

    /** Stops the domain at once, like pulling the plug ({@code virDomainDestroy}). */
    public void destroy(String uuid) {
        lifecycle(uuid, Fn.virDomainDestroy, "virDomainDestroy");
    }

    /** Pauses all vCPUs ({@code virDomainSuspend}). */
    public void suspend(String uuid) {
        lifecycle(uuid, Fn.virDomainSuspend, "virDomainSuspend");
    }

    /** Resumes a paused domain ({@code virDomainResume}). */
    public void resume(String uuid) {
        lifecycle(uuid, Fn.virDomainResume, "virDomainResume");
    }

    /** Asks the guest OS to reboot ({@code virDomainReboot}, default method); returns before it has. */
    public void reboot(String uuid) {
        connection.withDomain(uuid, (domain, scope) -> connection.check(
                (int) Fn.virDomainReboot.invokeExact(domain, 0), "virDomainReboot"));
    }

    /** Resets the virtual machine at once ({@code virDomainReset}). */
    public void reset(String uuid) {
        connection.withDomain(uuid, (domain, scope) -> connection.check(
                (int) Fn.virDomainReset.invokeExact(domain, 0), "virDomainReset"));
    }

    /** Carries out {@code action} on the domain with the matching call above. */
    public void change(String uuid, dev.hpm.core.driver.DomainAction action) {
        switch (action) {
            case START -> start(uuid);
            case RESUME -> resume(uuid);
            case PAUSE -> suspend(uuid);
            case SHUTDOWN -> shutdown(uuid);
            case DESTROY -> destroy(uuid);
            case REBOOT -> reboot(uuid);
            case RESET -> reset(uuid);
        }
    }

    /** The domain's XML description ({@code virDomainGetXMLDesc}, flags 0). */
    public String xml(String uuid) {
        return connection.withDomain(uuid, (domain, scope) -> LibvirtLibrary.takeString(connection.check(
                (MemorySegment) Fn.virDomainGetXMLDesc.invokeExact(domain, 0), "virDomainGetXMLDesc")));
    }

    /**
     * The tags in HPM's metadata element of the domain ({@code virDomainGetMetadata},
     * {@link TagsMetadata}), from its live definition while it runs; empty if it has no such element.
     */
    public Optional<Set<String>> tags(String uuid) {
        return connection.withDomain(uuid, (domain, scope) -> {
            MemorySegment xml = (MemorySegment) Fn.virDomainGetMetadata.invokeExact(domain, METADATA_ELEMENT,
                    scope.allocateFrom(TagsMetadata.NAMESPACE), 0);
            if (xml.equals(MemorySegment.NULL)) {
                DriverException e = LibvirtErrors.last("virDomainGetMetadata", connection.ptr());
                if (e.code() == LibvirtErrors.NO_DOMAIN_METADATA) {
                    return Optional.<Set<String>>empty();
                }
                throw e;
            }
            return Optional.of(TagsMetadata.read(LibvirtLibrary.takeString(xml)));
        });
    }

    /**
     * Writes {@code tags} as HPM's metadata element ({@code virDomainSetMetadata}) into the persistent
     * definition ({@code VIR_DOMAIN_AFFECT_CONFIG}) of a persistent domain and into the live one
     * ({@code VIR_DOMAIN_AFFECT_LIVE}) of a running domain, so that the tags survive a restart and
     * are visible at once.
     */
    public void setTags(String uuid, Set<String> tags) {
        String xml = TagsMetadata.write(tags);
        connection.withDomain(uuid, (domain, scope) -> {
            int active = connection.check((int) Fn.virDomainIsActive.invokeExact(domain), "virDomainIsActive");
            int persistent = connection.check((int) Fn.virDomainIsPersistent.invokeExact(domain),
                    "virDomainIsPersistent");
            int flags = (active == 1 ? AFFECT_LIVE : 0) | (persistent == 1 ? AFFECT_CONFIG : 0);
            return connection.check((int) Fn.virDomainSetMetadata.invokeExact(domain, METADATA_ELEMENT,
                    scope.allocateFrom(xml), scope.allocateFrom(TagsMetadata.PREFIX),
                    scope.allocateFrom(TagsMetadata.NAMESPACE), flags), "virDomainSetMetadata");
        });
    }

    /**
     * Every scheduler parameter libvirt reports for the domain's current state
     * ({@code virDomainGetSchedulerParametersFlags}, {@code VIR_DOMAIN_AFFECT_CURRENT}), e.g.
     * {@code cpu_shares}, {@code vcpu_period}, … for QEMU or {@code weight} for {@code test://}.
     * libvirt itself adds {@code VIR_TYPED_PARAM_STRING_OKAY} for drivers that announce string
     * support; a driver that then refuses the flag (libvirt 9's {@code test://}) is asked again through
     * the flag-less {@code virDomainGetSchedulerParameters}, which means the same. The array is cleared
     * with {@code virTypedParamsClear}, which frees any strings libvirt put in it.
     */
    public List<TypedParam> schedulerParameters(String uuid) {
        return connection.withDomain(uuid, (domain, scope) -> {
            MemorySegment params = scope.allocate(Layouts.TYPED_PARAMETER, MAX_SCHEDULER_PARAMS);
            MemorySegment count = scope.allocateFrom(JAVA_INT, MAX_SCHEDULER_PARAMS);
            if ((int) Fn.virDomainGetSchedulerParametersFlags.invokeExact(domain, params, count, 0) < 0) {
                DriverException e = LibvirtErrors.last("virDomainGetSchedulerParametersFlags", connection.ptr());
                if (e.code() != LibvirtErrors.INVALID_ARG) {
                    throw e;
                }
                count.set(JAVA_INT, 0, MAX_SCHEDULER_PARAMS);
                connection.check((int) Fn.virDomainGetSchedulerParameters.invokeExact(domain, params, count),
                        "virDomainGetSchedulerParameters");
            }
            int n = count.get(JAVA_INT, 0);
            try {
                return TypedParams.decode(params, n);
            } finally {
                Fn.virTypedParamsClear.invokeExact(params, n);
            }
        });
    }

    /** Sets scheduler parameters ({@code virDomainSetSchedulerParametersFlags}); a no-op for none. */
    public void setSchedulerParameters(String uuid, List<? extends TypedParam> params, Set<Affect> affect) {
        if (params.isEmpty()) {
            return;
        }
        connection.withDomain(uuid, (domain, scope) -> connection.check(
                (int) Fn.virDomainSetSchedulerParametersFlags.invokeExact(domain, TypedParams.encode(scope, params),
                        params.size(), SchedulerCodec.affectFlags(affect)), "virDomainSetSchedulerParametersFlags"));
    }

    /** Migrates the domain ({@code virDomainMigrateToURI3}); returns when the migration has finished. */
    public void migrate(String uuid, Migration migration) {
        connection.withDomain(uuid, (domain, scope) -> {
            MemorySegment destination = migration.destinationUri() == null ? MemorySegment.NULL
                    : scope.allocateFrom(migration.destinationUri());
            return connection.check((int) Fn.virDomainMigrateToURI3.invokeExact(domain, destination,
                    TypedParams.encode(scope, migration.parameters()), migration.parameters().size(),
                    migration.flagBits()), "virDomainMigrateToURI3");
        });
    }

    /**
     * The domain's current job ({@code virDomainGetJobStats}), or its last completed one if
     * {@code completed} ({@code VIR_DOMAIN_JOB_STATS_COMPLETED}: on a migration's destination, the
     * migration's statistics with its downtime). Safe to call from another connection while a
     * migration blocks in {@link #migrate}. The array libvirt allocates is freed here.
     */
    public JobStats jobStats(String uuid, boolean completed) {
        return connection.withDomain(uuid, (domain, scope) -> {
            MemorySegment type = scope.allocate(JAVA_INT);
            MemorySegment params = scope.allocate(ADDRESS);
            MemorySegment count = scope.allocate(JAVA_INT);
            connection.check((int) Fn.virDomainGetJobStats.invokeExact(domain, type, params, count,
                    completed ? JobStats.STATS_COMPLETED : 0), "virDomainGetJobStats");
            MemorySegment array = params.get(ADDRESS, 0);
            int n = count.get(JAVA_INT, 0);
            try {
                return new JobStats(type.get(JAVA_INT, 0), n == 0 ? List.of() : TypedParams.decode(array, n));
            } finally {
                Fn.virTypedParamsFree.invokeExact(array, n);
            }
        });
    }

    /** Aborts the domain's current job, e.g. an outgoing migration ({@code virDomainAbortJob}). */
    public void abortJob(String uuid) {
        lifecycle(uuid, Fn.virDomainAbortJob, "virDomainAbortJob");
    }

    /**
     * Sets the longest the domain may be paused at the end of a live migration
     * ({@code virDomainMigrateSetMaxDowntime}); called while the migration runs.
     */
    public void setMaxDowntime(String uuid, java.time.Duration downtime) {
        connection.withDomain(uuid, (domain, scope) -> connection.check((int) Fn.virDomainMigrateSetMaxDowntime
                .invokeExact(domain, downtime.toMillis(), 0), "virDomainMigrateSetMaxDowntime"));
    }

    /** The maximum downtime of a live migration ({@code virDomainMigrateGetMaxDowntime}). */
    public java.time.Duration maxDowntime(String uuid) {
        return connection.withDomain(uuid, (domain, scope) -> {
            MemorySegment ms = scope.allocate(JAVA_LONG);
            connection.check((int) Fn.virDomainMigrateGetMaxDowntime.invokeExact(domain, ms, 0),
                    "virDomainMigrateGetMaxDowntime");
            return java.time.Duration.ofMillis(ms.get(JAVA_LONG, 0));
        });
    }

    private void lifecycle(String uuid, MethodHandle function, String name) {
        connection.withDomain(uuid, (domain, scope) -> connection.check((int) function.invokeExact(domain), name));
    }

    private DomainInfo info(MemorySegment domain, Arena scope) throws Throwable {
        MemorySegment info = scope.allocate(Layouts.DOMAIN_INFO);
        connection.check((int) Fn.virDomainGetInfo.invokeExact(domain, info), "virDomainGetInfo");
        int id = (int) Fn.virDomainGetID.invokeExact(domain);
        return new DomainInfo(connection.uuidOf(domain), connection.nameOf(domain), id,
                DomainState.of(Byte.toUnsignedInt(info.get(JAVA_BYTE, offset("state")))),
                info.get(JAVA_LONG, offset("maxMem")), info.get(JAVA_LONG, offset("memory")),
                Short.toUnsignedInt(info.get(JAVA_SHORT, offset("nrVirtCpu"))), info.get(JAVA_LONG, offset("cpuTime")));
    }

    private static long offset(String member) {
        return Layouts.offset(Layouts.DOMAIN_INFO, member);
    }
}
