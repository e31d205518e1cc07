package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The process-wide side of the bindings: finds {@code libvirt.so.0}, initialises it once, and offers
 * the few helpers every call site needs (strings libvirt returns, libc {@code free}).
 *
 * <p>Initialisation calls {@code virInitialize} (required before libvirt is used from several
 * threads) and installs a no-op {@code virSetErrorFunc} handler: libvirt's default handler prints
 * every error to stderr, while HPM carries each error's message and code in a
 * {@link DriverException} instead. The library is needed only at run time; nothing here needs
 * {@code libvirt-dev}. The JVM must allow native access for this module
 * ({@code --enable-native-access=ALL-UNNAMED} on the class path).
 */
@SuppressWarnings("restricted")
public final class LibvirtLibrary {
    /** The shared object HPM binds to. */
    static final String SONAME = "libvirt.so.0";
    /** What to do when it is missing. */
    static final String INSTALL_HINT = "libvirt is not installed: apt-get install libvirt0";

    private static final String MISSING = probe(SONAME);
    private static final System.Logger LOG = System.getLogger(LibvirtLibrary.class.getName());
    private static volatile boolean initialised;
    private static Thread eventLoop;

    private LibvirtLibrary() {
    }

    /** True if {@code libvirt.so.0} can be loaded on this machine. */
    public static boolean isAvailable() {
        return MISSING == null;
    }

    /**
     * Loads and initialises libvirt once per JVM.
     *
     * @throws DriverException (code -1) "libvirt is not installed: apt-get install libvirt0" if the
     *                         shared library cannot be loaded
     */
    public static void ensureAvailable() {
        if (initialised) {
            return;
        }
        if (MISSING != null) {
            throw new DriverException(-1, MISSING);
        }
        initialise();
    }

    /** The version of the loaded library as libvirt encodes it: major·1,000,000 + minor·1,000 + micro. */
    public static long version() {
        ensureAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment libVer = arena.allocate(JAVA_LONG);
            int rc = (int) Fn.virGetVersion.invokeExact(libVer, MemorySegment.NULL, MemorySegment.NULL);
            if (rc < 0) {
                throw LibvirtErrors.last("virGetVersion");
            }
            return libVer.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code 9000000} → {@code "9.0.0"}. */
    public static String formatVersion(long version) {
        return version / 1_000_000 + "." + version / 1_000 % 1_000 + "." + version % 1_000;
    }

    /**
     * Registers libvirt's default event loop implementation and runs it on a daemon thread, once per
     * JVM. Keep-alive on remote connections needs it ({@code virConnectSetKeepAlive} fails without an
     * event loop), so do domain events ({@link DomainEvents}), and it must be running before a
     * connection is opened: {@link NativeConnection#open} starts it for every connection. libvirt offers no way to
     * unregister it, so the thread lives as long as the JVM.
     */
    static synchronized void startEventLoop() {
        ensureAvailable();
        if (eventLoop != null) {
            return;
        }
        try {
            if ((int) Fn.virEventRegisterDefaultImpl.invokeExact() < 0) {
                throw LibvirtErrors.last("virEventRegisterDefaultImpl");
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
        eventLoop = Thread.ofPlatform().daemon().name("hpm-libvirt-events").start(LibvirtLibrary::runEventLoop);
    }

    private static void runEventLoop() {
        try {
            while (true) {
                if ((int) Fn.virEventRunDefaultImpl.invokeExact() < 0) {
                    DriverException e = LibvirtErrors.last("virEventRunDefaultImpl");
                    LOG.log(System.Logger.Level.ERROR, "libvirt event loop stopped: " + e.getMessage());
                    return;
                }
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "libvirt event loop stopped", t);
        }
    }

    /** Frees memory libvirt allocated and documents as "the caller must free()"; NULL is ignored. */
    static void free(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return;
        }
        try {
            Fn.free.invokeExact(pointer);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads a NUL-terminated C string that the caller does not own; NULL gives {@code null}. */
    static String readString(MemorySegment charPointer) {
        if (charPointer.equals(MemorySegment.NULL)) {
            return null;
        }
        return charPointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Reads a C string libvirt allocated for the caller, then frees it. */
    static String takeString(MemorySegment charPointer) {
        try {
            return readString(charPointer);
        } finally {
            free(charPointer);
        }
    }

    /**
     * A downcall handle declares {@code throws Throwable}; in practice only unchecked exceptions
     * (wrong segments, closed arenas) and errors arrive here.
     */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** Returns {@code null} if {@code soname} loads, else the message to report. */
    static String probe(String soname) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(soname, arena);
            return null;
        } catch (IllegalArgumentException e) {
            return INSTALL_HINT + " (" + e.getMessage() + ")";
        }
    }

    private static synchronized void initialise() {
        if (initialised) {
            return;
        }
        try {
            if ((int) Fn.virInitialize.invokeExact() < 0) {
                throw LibvirtErrors.last("virInitialize");
            }
            MemorySegment quiet = Linker.nativeLinker().upcallStub(
                    MethodHandles.lookup().findStatic(LibvirtLibrary.class, "ignoreError",
                            MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class)),
                    FunctionDescriptor.ofVoid(ADDRESS, ADDRESS), Arena.global());
            Fn.virSetErrorFunc.invokeExact(MemorySegment.NULL, quiet);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        initialised = true;
    }

    /** The {@code virErrorFunc} installed at start-up: errors are reported through exceptions instead. */
    @SuppressWarnings("unused")
    private static void ignoreError(MemorySegment userData, MemorySegment error) {
    }
}
