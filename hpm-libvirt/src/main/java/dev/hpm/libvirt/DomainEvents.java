package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainEvent;
import dev.hpm.core.driver.HypervisorDriver.Subscription;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Lifecycle events of one connection: {@code virConnectDomainEventRegisterAny} with
 * {@code VIR_DOMAIN_EVENT_ID_LIFECYCLE} and one process-wide upcall stub. Events are dispatched by
 * libvirt's default event loop, which {@link NativeConnection#open} starts before any connection is
 * opened ({@link LibvirtLibrary#startEventLoop}), on its thread {@code hpm-libvirt-events}.
 *
 * <p>The callback's {@code opaque} pointer carries a number, not an address: the key of the
 * listener in {@link #LISTENERS}, so no Java object is pinned for native code. The upcall never lets
 * anything escape into native code (an exception there would end the JVM): a failing listener is
 * logged and the event dropped; an event for a listener already deregistered is ignored.
 *
 * <p>Thread-safe.
 */
@SuppressWarnings("restricted")
final class DomainEvents implements AutoCloseable {
    /** {@code VIR_DOMAIN_EVENT_ID_LIFECYCLE}. */
    static final int LIFECYCLE = 0;
    private static final System.Logger LOG = System.getLogger(DomainEvents.class.getName());
    private static final Map<Long, Consumer<DomainEvent>> LISTENERS = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();
    private static volatile MemorySegment stub;

    private final NativeConnection connection;
    private final List<Registration> registrations = new ArrayList<>();

    DomainEvents(NativeConnection connection) {
        this.connection = connection;
    }

    /** Registers {@code listener}; libvirt's error if the connection cannot deliver events. */
    synchronized Subscription register(Consumer<DomainEvent> listener) {
        long key = KEYS.incrementAndGet();
        LISTENERS.put(key, listener);
        int id;
        try {
            id = (int) Fn.virConnectDomainEventRegisterAny.invokeExact(connection.ptr(), MemorySegment.NULL, LIFECYCLE,
                    stub(), MemorySegment.ofAddress(key), MemorySegment.NULL);
        } catch (Throwable t) {
            LISTENERS.remove(key);
            throw LibvirtLibrary.rethrow(t);
        }
        if (id < 0) {
            LISTENERS.remove(key);
            throw LibvirtErrors.last("virConnectDomainEventRegisterAny", connection.ptr());
        }
        Registration r = new Registration(id, key);
        registrations.add(r);
        return () -> deregister(r);
    }

    /** Deregisters every listener of this connection; idempotent. */
    @Override
    public synchronized void close() {
        for (Registration r : List.copyOf(registrations)) {
            deregister(r);
        }
    }

    private synchronized void deregister(Registration r) {
        if (!registrations.remove(r)) {
            return;
        }
        LISTENERS.remove(r.key());
        if (connection.isAlive()) {
            try {
                int ignored = (int) Fn.virConnectDomainEventDeregisterAny.invokeExact(connection.ptr(), r.callbackId());
            } catch (Throwable t) {
                throw LibvirtLibrary.rethrow(t);
            }
        }
    }

    /** The number of listeners registered in this process (for tests: none must leak). */
    static int listeners() {
        return LISTENERS.size();
    }

    private static MemorySegment stub() throws ReflectiveOperationException {
        MemorySegment s = stub;
        if (s == null) {
            synchronized (DomainEvents.class) {
                s = stub;
                if (s == null) {
                    s = Linker.nativeLinker().upcallStub(MethodHandles.lookup().findStatic(DomainEvents.class,
                            "onLifecycle", MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class,
                                    int.class, int.class, MemorySegment.class)),
                            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), Arena.global());
                    stub = s;
                }
            }
        }
        return s;
    }

    /**
     * {@code virConnectDomainEventCallback}: runs on libvirt's event thread; the domain handle is
     * libvirt's, valid for the call only. Returns 0 whatever happens.
     */
    @SuppressWarnings("unused")
    private static int onLifecycle(MemorySegment conn, MemorySegment domain, int event, int detail,
                                   MemorySegment opaque) {
        try {
            Consumer<DomainEvent> listener = LISTENERS.get(opaque.address());
            DomainEvent.Kind kind = DomainEvent.Kind.of(event);
            if (listener == null || kind == null) {
                return 0;
            }
            listener.accept(new DomainEvent(uuid(domain), name(domain), kind, detail));
        } catch (Throwable t) {
            try {
                LOG.log(System.Logger.Level.WARNING, "a libvirt event listener failed; the event is dropped", t);
            } catch (Throwable ignored) {
                // nothing may reach native code
            }
        }
        return 0;
    }

    private static String uuid(MemorySegment domain) throws Throwable {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment buffer = call.allocate(Layouts.UUID_STRING_BUFLEN);
            if ((int) Fn.virDomainGetUUIDString.invokeExact(domain, buffer) < 0) {
                return "";
            }
            return buffer.getString(0);
        }
    }

    private static String name(MemorySegment domain) throws Throwable {
        String name = LibvirtLibrary.readString((MemorySegment) Fn.virDomainGetName.invokeExact(domain));
        return name == null ? "" : name;
    }

    private record Registration(int callbackId, long key) {
    }
}
