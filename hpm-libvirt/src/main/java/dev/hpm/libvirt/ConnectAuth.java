package dev.hpm.libvirt;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The {@code virConnectAuth} HPM passes to {@code virConnectOpenAuth}: the credential types it
 * answers ({@code VIR_CRED_USERNAME}, {@code VIR_CRED_AUTHNAME}, {@code VIR_CRED_PASSPHRASE}) and a
 * callback that fills them from {@link LibvirtCredentials}. One instance per connection attempt;
 * its {@code cbdata} is a key into {@link #PENDING}, so the process-wide upcall stub finds it.
 *
 * <p>{@code virConnectCredential} on LP64: {@code int type} (0), {@code const char *prompt} (8),
 * {@code challenge} (16), {@code defresult} (24), {@code char *result} (32, freed by libvirt, so
 * allocated here with {@code malloc}), {@code unsigned int resultlen} (40); 48 bytes. A credential
 * HPM cannot answer makes the callback return -1 (libvirt then fails the open) and is remembered,
 * so the error can say what the server asked for and where to give it.
 */
@SuppressWarnings("restricted")
final class ConnectAuth implements AutoCloseable {
    static final int CRED_USERNAME = 1;
    static final int CRED_AUTHNAME = 2;
    static final int CRED_PASSPHRASE = 5;
    static final long CREDENTIAL_SIZE = 48;
    static final long TYPE = 0;
    static final long RESULT = 32;
    static final long RESULT_LENGTH = 40;
    private static final int[] ANSWERED = {CRED_USERNAME, CRED_AUTHNAME, CRED_PASSPHRASE};
    private static final Map<Long, ConnectAuth> PENDING = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();
    private static final MemorySegment STUB = stub();

    private final LibvirtCredentials credentials;
    private final long key = KEYS.incrementAndGet();
    private final Arena arena = Arena.ofShared();
    private final List<String> unanswered = new ArrayList<>();
    private final MemorySegment struct;

    ConnectAuth(LibvirtCredentials credentials) {
        this.credentials = credentials;
        MemorySegment types = arena.allocateFrom(JAVA_INT, ANSWERED);
        struct = arena.allocate(32, 8);
        struct.set(ADDRESS, 0, types);
        struct.set(JAVA_INT, 8, ANSWERED.length);
        struct.set(ADDRESS, 16, STUB);
        struct.set(ADDRESS, 24, MemorySegment.ofAddress(key));
        PENDING.put(key, this);
    }

    /** The {@code virConnectAuthPtr}, valid until {@link #close()}. */
    MemorySegment pointer() {
        return struct;
    }

    /** What the server asked for that HPM could not answer, e.g. {@code "a password (VIR_CRED_PASSPHRASE)"}. */
    synchronized List<String> unanswered() {
        return List.copyOf(unanswered);
    }

    /**
     * Fills {@code count} credentials at {@code creds}: each {@code result} becomes a
     * {@code malloc}-ed copy of the answer (libvirt frees it). Returns 0 if all were answered, else -1.
     */
    synchronized int fill(MemorySegment creds, int count) {
        MemorySegment all = creds.reinterpret(CREDENTIAL_SIZE * count);
        int rc = 0;
        for (int i = 0; i < count; i++) {
            MemorySegment cred = all.asSlice(i * CREDENTIAL_SIZE, CREDENTIAL_SIZE);
            int type = cred.get(JAVA_INT, TYPE);
            String answer = switch (type) {
                case CRED_USERNAME, CRED_AUTHNAME -> credentials.authname();
                case CRED_PASSPHRASE -> credentials.passphrase();
                default -> null;
            };
            if (answer == null) {
                unanswered.add(describe(type));
                rc = -1;
                continue;
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            MemorySegment result = malloc(bytes.length + 1);
            MemorySegment.copy(bytes, 0, result, JAVA_BYTE, 0, bytes.length);
            result.set(JAVA_BYTE, bytes.length, (byte) 0);
            cred.set(ADDRESS, RESULT, result);
            cred.set(JAVA_INT, RESULT_LENGTH, bytes.length);
        }
        return rc;
    }

    static String describe(int type) {
        return switch (type) {
            case CRED_USERNAME -> "a user name (VIR_CRED_USERNAME)";
            case CRED_AUTHNAME -> "a user name (VIR_CRED_AUTHNAME)";
            case CRED_PASSPHRASE -> "a password (VIR_CRED_PASSPHRASE)";
            default -> "credential type " + type;
        };
    }

    @Override
    public void close() {
        PENDING.remove(key);
        arena.close();
    }

    private static MemorySegment malloc(long size) {
        try {
            MemorySegment p = (MemorySegment) Fn.malloc.invokeExact(size);
            if (p.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("malloc(" + size + ") for a libvirt credential");
            }
            return p.reinterpret(size);
        } catch (Throwable t) {
            throw LibvirtLibrary.rethrow(t);
        }
    }

    private static MemorySegment stub() {
        try {
            return Linker.nativeLinker().upcallStub(MethodHandles.lookup().findStatic(ConnectAuth.class, "callback",
                            MethodType.methodType(int.class, MemorySegment.class, int.class, MemorySegment.class)),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code virConnectAuthCallbackPtr}; never throws into native code. */
    @SuppressWarnings("unused")
    private static int callback(MemorySegment creds, int count, MemorySegment cbdata) {
        try {
            ConnectAuth auth = PENDING.get(cbdata.address());
            return auth == null ? -1 : auth.fill(creds, count);
        } catch (Throwable t) {
            return -1;
        }
    }
}
