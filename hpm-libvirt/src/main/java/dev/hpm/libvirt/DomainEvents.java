package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainEvent;
import dev.hpm.core.driver.HypervisorDriver.Subscription;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p>libvirt accepts one registration of a callback per connection, so each connection registers
 * once, on its first listener, and fans the events out to its listeners; the last listener's
 * subscription ending deregisters it. The callback's {@code opaque} pointer carries a number, not an
 * address: the key of the connection's {@link DomainEvents} in {@link #BY_KEY}, so no Java object is
 * pinned for native code. The upcall never lets anything escape into native code (an exception
 * there would end the JVM): a failing listener is logged and the others still get the event; an
 * event that arrives after deregistration is ignored.
 *
 * <p>Thread-safe.
 */
@SuppressWarnings("restricted")
final class DomainEvents implements AutoCloseable {
    /** {@code VIR_DOMAIN_EVENT_ID_LIFECYCLE}. */
    static final int LIFECYCLE = 0;
    private static final System.Logger LOG = System.getLogger(DomainEvents.class.getName());
    private static final Map<Long, DomainEvents> BY_KEY = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();
    private static volatile MemorySegment stub;

    private final NativeConnection connection;
    private final long key = KEYS.incrementAndGet();
    private final List<Consumer<DomainEvent>> listeners = new CopyOnWriteArrayList<>();
    private int callbackId = -1;

    DomainEvents(NativeConnection connection) {
        this.connection = connection;
    }

    /** Adds {@code listener}; libvirt's error if the connection cannot deliver events. */
    synchronized Subscription register(Consumer<DomainEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        if (callbackId < 0) {
            BY_KEY.put(key, this);
            int id;
            try {
                id = (int) Fn.virConnectDomainEventRegisterAny.invokeExact(connection.ptr(), MemorySegment.NULL,
                        LIFECYCLE, stub(), MemorySegment.ofAddress(key), MemorySegment.NULL);
            } catch (Throwable t) {
                BY_KEY.remove(key);
                throw LibvirtLibrary.rethrow(t);
            }
            if (id < 0) {
                BY_KEY.remove(key);
                throw LibvirtErrors.last("virConnectDomainEventRegisterAny", connection.ptr());
            }
            callbackId = id;
        }
        Consumer<DomainEvent> own = listener::accept; // a distinct object per subscription
        listeners.add(own);
        return () -> remove(own);
    }

    /** Drops every listener and deregisters from libvirt; idempotent. */
    @Override
    public synchronized void close() {
        listeners.clear();
        deregister();
    }

    private synchronized void remove(Consumer<DomainEvent> listener) {
        if (listeners.remove(listener) && listeners.isEmpty()) {
            deregister();
        }
    }

    private void deregister() {
        if (callbackId < 0) {
            return;
        }
        int id = callbackId;
        callbackId = -1;
        BY_KEY.remove(key);
        if (connection.isAlive()) {
            try {
                int ignored = (int) Fn.virConnectDomainEventDeregisterAny.invokeExact(connection.ptr(), id);
            } catch (Throwable t) {
                throw LibvirtLibrary.rethrow(t);
            }
        }
    }

    /** The number of connections of this process registered for events (for tests: none must leak). */
    static int registered() {
        return BY_KEY.size();
    }

    private void deliver(DomainEvent event) {
        for (Consumer<DomainEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "a libvirt event listener failed on " + event, t);
            }
        }
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
            DomainEvents target = BY_KEY.get(opaque.address());
            DomainEvent.Kind kind = DomainEvent.Kind.of(event);
            if (target == null || kind == null) {
                return 0;
            }
            target.deliver(new DomainEvent(uuid(domain), name(domain), kind, detail));
        } catch (Throwable t) {
            try {
                LOG.log(System.Logger.Level.WARNING, "a libvirt event was dropped", t);
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

}
