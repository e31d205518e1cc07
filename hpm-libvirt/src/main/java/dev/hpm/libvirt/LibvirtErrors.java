package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;

import java.lang.foreign.MemorySegment;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * libvirt's error numbers ({@code virErrorNumber}) that HPM tests for, and the conversion of
 * libvirt's last error into a {@link DriverException} that carries libvirt's own code and message.
 *
 * <p>libvirt keeps the last error per thread; a failed call must be followed by {@link #last} on the
 * same thread before any other libvirt call, which every call site in this module does. Codes HPM
 * produces itself (timeouts, unreachable hosts) reuse the libvirt number that means the same thing.
 */
@SuppressWarnings("restricted")
public final class LibvirtErrors {
    /** {@code VIR_ERR_INTERNAL_ERROR}. */
    public static final int INTERNAL_ERROR = 1;
    /** {@code VIR_ERR_NO_SUPPORT}: the connection's driver does not implement the function. */
    public static final int NO_SUPPORT = 3;
    /** {@code VIR_ERR_NO_CONNECT}: cannot connect to the hypervisor. */
    public static final int NO_CONNECT = 5;
    /** {@code VIR_ERR_INVALID_CONN}: the connection object is invalid (closed). */
    public static final int INVALID_CONN = 6;
    /** {@code VIR_ERR_INVALID_ARG}: an invalid argument, e.g. an unsupported flag. */
    public static final int INVALID_ARG = 8;
    /** {@code VIR_ERR_OPERATION_FAILED}. */
    public static final int OPERATION_FAILED = 9;
    /** {@code VIR_ERR_SYSTEM_ERROR}: a system call failed (also a dropped socket). */
    public static final int SYSTEM_ERROR = 38;
    /** {@code VIR_ERR_RPC}: the RPC layer failed. */
    public static final int RPC = 39;
    /** {@code VIR_ERR_NO_DOMAIN}: no domain with that UUID or name. */
    public static final int NO_DOMAIN = 42;
    /** {@code VIR_ERR_OPERATION_INVALID}: not possible in the domain's current state. */
    public static final int OPERATION_INVALID = 55;
    /** {@code VIR_ERR_OPERATION_TIMEOUT}: also used by HPM for calls that exceed their time limit. */
    public static final int OPERATION_TIMEOUT = 68;
    /** {@code VIR_ERR_ARGUMENT_UNSUPPORTED}: valid use the driver does not support (e.g. p2p migration). */
    public static final int ARGUMENT_UNSUPPORTED = 74;
    /** {@code VIR_ERR_OPERATION_UNSUPPORTED}. */
    public static final int OPERATION_UNSUPPORTED = 84;
    /** {@code VIR_ERR_NO_DOMAIN_METADATA}: the domain has no metadata element under that namespace. */
    public static final int NO_DOMAIN_METADATA = 80;
    /** {@code VIR_ERR_AUTH_FAILED}: the server refused the credentials (or none were given). */
    public static final int AUTH_FAILED = 45;

    /**
     * Codes after which the connection itself is suspect, not just the request (the caller then asks
     * {@code virConnectIsAlive} before dropping it). {@code INTERNAL_ERROR} is among them: a call on
     * a connection whose daemon stopped (a host powered off, then on) fails with "internal error:
     * client socket is closed", and without it the dead connection was kept for ever.
     */
    private static final Set<Integer> CONNECTION_LOST = Set.of(NO_CONNECT, INVALID_CONN, SYSTEM_ERROR, RPC,
            INTERNAL_ERROR);

    private LibvirtErrors() {
    }

    /** True if an error with this code may mean that the connection to the host is gone. */
    public static boolean isConnectionLost(int code) {
        return CONNECTION_LOST.contains(code);
    }

    /**
     * Copies the calling thread's last libvirt error ({@code virGetLastError}) into an exception and
     * resets it. If libvirt recorded none, the code is -1 and the message names the failed call.
     */
    static DriverException last(String call) {
        try {
            MemorySegment error = (MemorySegment) Fn.virGetLastError.invokeExact();
            DriverException result = from(error, call);
            Fn.virResetLastError.invokeExact();
            return result;
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /**
     * Like {@link #last(String)}, falling back to the connection's own error ({@code virConnGetLastError})
     * when the thread has none; used after calls that return no status, such as a failed open.
     */
    static DriverException last(String call, MemorySegment conn) {
        try {
            MemorySegment error = (MemorySegment) Fn.virGetLastError.invokeExact();
            if (error.equals(MemorySegment.NULL) && !conn.equals(MemorySegment.NULL)) {
                error = (MemorySegment) Fn.virConnGetLastError.invokeExact(conn);
            }
            DriverException result = from(error, call);
            Fn.virResetLastError.invokeExact();
            return result;
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    private static DriverException from(MemorySegment error, String call) {
        if (error.equals(MemorySegment.NULL)) {
            return new DriverException(-1, call + " failed without a libvirt error");
        }
        MemorySegment head = error.reinterpret(Layouts.ERROR_HEAD.byteSize());
        int code = head.get(JAVA_INT, Layouts.ERR_CODE);
        String message = LibvirtLibrary.readString(head.get(ADDRESS, Layouts.ERR_MESSAGE));
        return new DriverException(code, message == null ? call + " failed (libvirt error " + code + ")" : message);
    }
}
