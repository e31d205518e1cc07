package dev.hpm.libvirt;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The downcall handles of every libvirt function HPM uses, one {@code static final} field per C
 * function so that the JIT treats them as constants. Loading this class opens {@code libvirt.so.0}
 * into the global arena (it stays mapped for the life of the JVM, as a shared library must); only
 * {@link LibvirtLibrary#ensureAvailable()} touches it, after checking that the library exists, so a
 * missing library surfaces as a {@code DriverException} instead of an {@link ExceptionInInitializerError}.
 *
 * <p>C types on x86_64 Linux (LP64): {@code int}/{@code unsigned int} → {@code JAVA_INT},
 * {@code unsigned long}/{@code long long} → {@code JAVA_LONG}, every pointer → {@code ADDRESS}.
 * Calls that never block and never call back into Java (pure accessors on a local object) are linked
 * with {@link Linker.Option#critical(boolean)} to skip the thread-state transition.
 */
@SuppressWarnings("restricted")
final class Fn {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBVIRT = SymbolLookup.libraryLookup(LibvirtLibrary.SONAME, Arena.global());
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    // library
    static final MethodHandle virInitialize = fn("virInitialize", JAVA_INT);
    static final MethodHandle virGetVersion = fn("virGetVersion", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle virSetErrorFunc = fnVoid("virSetErrorFunc", ADDRESS, ADDRESS);
    static final MethodHandle virGetLastError = critical("virGetLastError", ADDRESS);
    static final MethodHandle virConnGetLastError = fn("virConnGetLastError", ADDRESS, ADDRESS);
    static final MethodHandle virResetLastError = LINKER.downcallHandle(LIBVIRT.findOrThrow("virResetLastError"),
            FunctionDescriptor.ofVoid(), CRITICAL);
    static final MethodHandle virTypedParamsFree = fnVoid("virTypedParamsFree", ADDRESS, JAVA_INT);
    static final MethodHandle virTypedParamsClear = fnVoid("virTypedParamsClear", ADDRESS, JAVA_INT);
    static final MethodHandle virEventRegisterDefaultImpl = fn("virEventRegisterDefaultImpl", JAVA_INT);
    static final MethodHandle virEventRunDefaultImpl = fn("virEventRunDefaultImpl", JAVA_INT);
    /** libc {@code free}, for strings and arrays libvirt documents as "the caller must free()". */
    static final MethodHandle free = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("free"),
            FunctionDescriptor.ofVoid(ADDRESS));
    /** libc {@code malloc}, for answers libvirt frees itself (a credential's {@code result}). */
    static final MethodHandle malloc = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("malloc"),
            FunctionDescriptor.of(ADDRESS, JAVA_LONG));

    // connection
    static final MethodHandle virConnectOpenAuth = fn("virConnectOpenAuth", ADDRESS, ADDRESS, ADDRESS, JAVA_INT);
    static final MethodHandle virConnectClose = fn("virConnectClose", JAVA_INT, ADDRESS);
    static final MethodHandle virConnectGetURI = fn("virConnectGetURI", ADDRESS, ADDRESS);
    static final MethodHandle virConnectGetHostname = fn("virConnectGetHostname", ADDRESS, ADDRESS);
    static final MethodHandle virConnectGetLibVersion = fn("virConnectGetLibVersion", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle virConnectIsAlive = fn("virConnectIsAlive", JAVA_INT, ADDRESS);
    static final MethodHandle virConnectSetKeepAlive = fn("virConnectSetKeepAlive", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);

    // events
    static final MethodHandle virConnectDomainEventRegisterAny = fn("virConnectDomainEventRegisterAny", JAVA_INT,
            ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle virConnectDomainEventDeregisterAny = fn("virConnectDomainEventDeregisterAny", JAVA_INT,
            ADDRESS, JAVA_INT);

    // host
    static final MethodHandle virNodeGetInfo = fn("virNodeGetInfo", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle virNodeGetCPUStats = fn("virNodeGetCPUStats", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS,
            ADDRESS, JAVA_INT);

    // bulk statistics
    static final MethodHandle virConnectGetAllDomainStats = fn("virConnectGetAllDomainStats", JAVA_INT, ADDRESS,
            JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle virDomainStatsRecordListFree = fnVoid("virDomainStatsRecordListFree", ADDRESS);

    // domains
    static final MethodHandle virConnectListAllDomains = fn("virConnectListAllDomains", JAVA_INT, ADDRESS, ADDRESS,
            JAVA_INT);
    static final MethodHandle virDomainFree = fn("virDomainFree", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainLookupByUUIDString = fn("virDomainLookupByUUIDString", ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle virDomainLookupByName = fn("virDomainLookupByName", ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle virDomainGetUUIDString = critical("virDomainGetUUIDString", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle virDomainGetName = critical("virDomainGetName", ADDRESS, ADDRESS);
    static final MethodHandle virDomainGetID = critical("virDomainGetID", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainGetInfo = fn("virDomainGetInfo", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle virDomainGetXMLDesc = fn("virDomainGetXMLDesc", ADDRESS, ADDRESS, JAVA_INT);
    static final MethodHandle virDomainIsActive = fn("virDomainIsActive", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainIsPersistent = fn("virDomainIsPersistent", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainGetMetadata = fn("virDomainGetMetadata", ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
            JAVA_INT);
    static final MethodHandle virDomainSetMetadata = fn("virDomainSetMetadata", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS,
            ADDRESS, ADDRESS, JAVA_INT);
    static final MethodHandle virDomainDefineXML = fn("virDomainDefineXML", ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle virDomainUndefineFlags = fn("virDomainUndefineFlags", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle virDomainCreate = fn("virDomainCreate", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainShutdown = fn("virDomainShutdown", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainDestroy = fn("virDomainDestroy", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainSuspend = fn("virDomainSuspend", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainResume = fn("virDomainResume", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainReboot = fn("virDomainReboot", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle virDomainReset = fn("virDomainReset", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle virDomainGetSchedulerParametersFlags = fn("virDomainGetSchedulerParametersFlags",
            JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT);
    static final MethodHandle virDomainGetSchedulerParameters = fn("virDomainGetSchedulerParameters",
            JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle virDomainSetSchedulerParametersFlags = fn("virDomainSetSchedulerParametersFlags",
            JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT);
    static final MethodHandle virDomainMigrateToURI3 = fn("virDomainMigrateToURI3", JAVA_INT, ADDRESS, ADDRESS,
            ADDRESS, JAVA_INT, JAVA_INT);
    static final MethodHandle virDomainGetJobStats = fn("virDomainGetJobStats", JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS, JAVA_INT);
    static final MethodHandle virDomainAbortJob = fn("virDomainAbortJob", JAVA_INT, ADDRESS);
    static final MethodHandle virDomainMigrateSetMaxDowntime = fn("virDomainMigrateSetMaxDowntime", JAVA_INT, ADDRESS,
            JAVA_LONG, JAVA_INT);
    static final MethodHandle virDomainMigrateGetMaxDowntime = fn("virDomainMigrateGetMaxDowntime", JAVA_INT, ADDRESS,
            ADDRESS, JAVA_INT);

    private Fn() {
    }

    private static MethodHandle fn(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(LIBVIRT.findOrThrow(name), FunctionDescriptor.of(result, args));
    }

    private static MethodHandle fnVoid(String name, MemoryLayout... args) {
        return LINKER.downcallHandle(LIBVIRT.findOrThrow(name), FunctionDescriptor.ofVoid(args));
    }

    private static MethodHandle critical(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(LIBVIRT.findOrThrow(name), FunctionDescriptor.of(result, args), CRITICAL);
    }
}
