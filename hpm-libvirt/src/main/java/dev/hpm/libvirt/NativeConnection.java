package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One {@code virConnectPtr} and the native memory that lives as long as it: the shared core of
 * {@link LibvirtDriver} and {@link LibvirtDomains}. It checks return codes, turns failures into
 * {@link DriverException}s on the calling thread (libvirt's last error is thread-local), and gives
 * out domain handles only inside {@link #withDomain}, which frees them.
 *
 * <p>Not thread-safe: its buffers and caches are reused by every call. libvirt's connection is
 * thread-safe, but HPM drives each connection from one thread at a time.
 */
@SuppressWarnings("restricted")
final class NativeConnection implements AutoCloseable {
    private final String requestedUri;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment uuidBuffer = arena.allocate(Layouts.UUID_STRING_BUFLEN);
    private final StringCache domainStrings = new StringCache(8192);
    private MemorySegment conn;

    private NativeConnection(MemorySegment conn, String requestedUri) {
        this.conn = conn;
        this.requestedUri = requestedUri;
    }

    /** {@code VIR_CONNECT_RO}. */
    private static final int CONNECT_RO = 1;

    /**
     * Opens a connection as {@code options} say, with {@code virConnectOpenAuth} (read-only with
     * {@code VIR_CONNECT_RO}), answering the server's questions from {@link ConnectOptions#credentials()}
     * ({@link ConnectAuth}); libvirt's error if it cannot, completed with what the server asked for
     * that HPM had no answer to. libvirt's event loop is started first, once per process, so that
     * keep-alive and domain events ({@link DomainEvents}) work on every connection.
     */
    static NativeConnection open(ConnectOptions options) {
        LibvirtLibrary.ensureAvailable();
        LibvirtLibrary.startEventLoop();
        MemorySegment handle;
        List<String> unanswered;
        try (Arena call = Arena.ofConfined(); ConnectAuth auth = new ConnectAuth(options.credentials())) {
            MemorySegment name = call.allocateFrom(options.uri());
            handle = (MemorySegment) Fn.virConnectOpenAuth.invokeExact(name, auth.pointer(),
                    options.readOnly() ? CONNECT_RO : 0);
            unanswered = auth.unanswered();
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
        if (handle.equals(MemorySegment.NULL)) {
            DriverException e = LibvirtErrors.last("virConnectOpenAuth(" + options.uri() + ")");
            if (unanswered.isEmpty()) {
                throw refusedCredentials(e, options.credentials());
            }
            String have = options.credentials().isEmpty() ? "HPM has no credentials for this host"
                    : "the " + options.credentials().source() + " does not give it";
            throw new DriverException(e.code(), e.getMessage() + "; the server asked for " + String.join(" and ", unanswered)
                    + " and " + have + ": set "
                    + LibvirtCredentials.AUTHNAME_KEY + "/" + LibvirtCredentials.PASSPHRASE_KEY
                    + " in the host's credentials-file, or " + LibvirtCredentials.AUTHNAME_ENV + "/"
                    + LibvirtCredentials.PASSPHRASE_ENV, e);
        }
        NativeConnection connection = new NativeConnection(handle, options.uri());
        if (options.keepAlive()) {
            try {
                connection.setKeepAlive(options.keepAliveIntervalSeconds(), options.keepAliveCount());
            } catch (DriverException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /**
     * {@code e} completed, when the server refused a login HPM answered ({@code VIR_ERR_AUTH_FAILED}
     * with credentials given), with whose credentials were refused and where they came from, never
     * the password; {@code e} itself otherwise.
     */
    static DriverException refusedCredentials(DriverException e, LibvirtCredentials credentials) {
        if (e.code() != LibvirtErrors.AUTH_FAILED || credentials.isEmpty()) {
            return e;
        }
        String who = credentials.authname() == null ? "the password" : "the user name " + credentials.authname()
                + (credentials.passphrase() == null ? "" : " and its password");
        return new DriverException(e.code(), e.getMessage() + "; the server refused " + who + " from the "
                + credentials.source() + ": check them against the server's SASL database (saslpasswd2 -a libvirt)", e);
    }

    /** The live {@code virConnectPtr}. */
    MemorySegment ptr() {
        if (conn == null) {
            throw new DriverException(LibvirtErrors.INVALID_CONN, "the connection to " + requestedUri + " is closed");
        }
        return conn;
    }

    /** Memory that lives as long as this connection. */
    Arena arena() {
        return arena;
    }

    /** The URI the caller asked for. */
    String requestedUri() {
        return requestedUri;
    }

    /** {@code rc} if it is not negative, else libvirt's error for {@code call}. */
    int check(int rc, String call) {
        if (rc < 0) {
            throw LibvirtErrors.last(call, conn == null ? MemorySegment.NULL : conn);
        }
        return rc;
    }

    /** {@code pointer} if it is not NULL, else libvirt's error for {@code call}. */
    MemorySegment check(MemorySegment pointer, String call) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw LibvirtErrors.last(call, conn == null ? MemorySegment.NULL : conn);
        }
        return pointer;
    }

    /**
     * Looks the domain up by UUID ({@code virDomainLookupByUUIDString}), runs {@code call} with its
     * handle and a confined arena for the call's own memory, and frees both.
     */
    <T> T withDomain(String uuid, DomainCall<T> call) {
        try (Arena scope = Arena.ofConfined()) {
            MemorySegment domain = check((MemorySegment) Fn.virDomainLookupByUUIDString.invokeExact(ptr(),
                    scope.allocateFrom(uuid)), "virDomainLookupByUUIDString");
            try {
                return call.apply(domain, scope);
            } finally {
                freeDomain(domain);
            }
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /** The UUID of a domain handle, e.g. {@code 6695eb01-f6a4-8304-79aa-97f2502e193f}; cached by content. */
    String uuidOf(MemorySegment domain) {
        try {
            check((int) Fn.virDomainGetUUIDString.invokeExact(domain, uuidBuffer), "virDomainGetUUIDString");
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
        return domainStrings.get(uuidBuffer, 0, Layouts.UUID_STRING_BUFLEN - 1);
    }

    /** The name of a domain handle; the string belongs to the handle and is copied (cached by content). */
    String nameOf(MemorySegment domain) {
        MemorySegment name;
        try {
            name = check((MemorySegment) Fn.virDomainGetName.invokeExact(domain), "virDomainGetName");
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
        return domainStrings.get(name.reinterpret(Long.MAX_VALUE), 0, Integer.MAX_VALUE);
    }

    /** {@code virDomainFree}; a handle is reference-counted, its failure is of no interest. */
    static void freeDomain(MemorySegment domain) {
        try {
            int ignored = (int) Fn.virDomainFree.invokeExact(domain);
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /** {@code virConnectGetURI}: the canonical URI of the open connection. */
    String uri() {
        try {
            return LibvirtLibrary.takeString(check((MemorySegment) Fn.virConnectGetURI.invokeExact(ptr()),
                    "virConnectGetURI"));
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /** {@code virConnectGetHostname}. */
    String hostname() {
        try {
            return LibvirtLibrary.takeString(check((MemorySegment) Fn.virConnectGetHostname.invokeExact(ptr()),
                    "virConnectGetHostname"));
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /** {@code virConnectGetLibVersion}: the libvirt version of the daemon serving the connection. */
    long libVersion() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment version = call.allocate(JAVA_LONG);
            check((int) Fn.virConnectGetLibVersion.invokeExact(ptr(), version), "virConnectGetLibVersion");
            return version.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /** {@code virConnectIsAlive}: false once the connection is closed or its transport is broken. */
    boolean isAlive() {
        if (conn == null) {
            return false;
        }
        try {
            return (int) Fn.virConnectIsAlive.invokeExact(conn) == 1;
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    /**
     * {@code virConnectSetKeepAlive}. A driver that has no keep-alive (the in-process {@code test://}
     * driver) is accepted silently; any other failure is reported.
     */
    private void setKeepAlive(int intervalSeconds, int count) {
        int rc;
        try {
            rc = (int) Fn.virConnectSetKeepAlive.invokeExact(ptr(), intervalSeconds, count);
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
        if (rc < 0) {
            DriverException e = LibvirtErrors.last("virConnectSetKeepAlive", conn);
            if (e.code() != LibvirtErrors.NO_SUPPORT) {
                throw e;
            }
        }
    }

    /** Closes the connection and frees its memory; idempotent. */
    @Override
    public void close() {
        if (conn == null) {
            return;
        }
        MemorySegment closing = conn;
        conn = null;
        try {
            int ignored = (int) Fn.virConnectClose.invokeExact(closing);
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        } finally {
            arena.close();
        }
    }

    /** A call on a domain handle; may throw what a downcall throws. */
    @FunctionalInterface
    interface DomainCall<T> {
        T apply(MemorySegment domain, Arena scope) throws Throwable;
    }
}
