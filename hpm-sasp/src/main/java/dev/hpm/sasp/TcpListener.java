package dev.hpm.sasp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import javax.net.ServerSocketFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A TCP listener that serves each connection on a virtual thread of its own, at most
 * {@code maxConnections} at once (a connection beyond that is closed at once), and closes every
 * connection when it closes. Shared by the SASP server and the agent-check listener. Its sockets
 * come from a {@link ServerSocketFactory}: plain TCP, or TLS from an {@code SSLContext}'s factory
 * (the handshake then happens on the connection's own thread, see {@code SaspServer}).
 */
final class TcpListener implements AutoCloseable {
    private static final Logger LOG = System.getLogger(TcpListener.class.getName());
    private final String name;
    private final ServerSocket server;
    private final Semaphore slots;
    private final Consumer<Socket> handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Binds {@code host}:{@code port} (0: any free port) and starts accepting.
     *
     * @param sockets {@link ServerSocketFactory#getDefault()} for plain TCP, an {@code SSLServerSocketFactory} for TLS
     * @throws UncheckedIOException if the port cannot be bound, with the setting to change
     */
    TcpListener(String name, String host, int port, int maxConnections, ServerSocketFactory sockets,
                Consumer<Socket> handler) {
        this.name = name;
        this.slots = new Semaphore(maxConnections);
        this.handler = handler;
        try {
            server = sockets.createServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for " + name + " on " + host + ":" + port + ": "
                    + e.getMessage() + "; choose another port", e);
        }
        acceptor = Thread.ofPlatform().name("hpm-" + name + "-accept").daemon().start(this::accept);
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Logger.Level.WARNING, name + ": accept failed: " + e.getMessage());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                refused.incrementAndGet();
                quietly(s);
                continue;
            }
            accepted.incrementAndGet();
            open.add(s);
            Thread.ofVirtual().name("hpm-" + name + "-conn").start(() -> {
                try {
                    handler.accept(s);
                } catch (RuntimeException e) {
                    LOG.log(Logger.Level.WARNING, name + ": connection from " + s.getRemoteSocketAddress() + ": " + e);
                } finally {
                    quietly(s);
                    open.remove(s);
                    slots.release();
                }
            });
        }
    }

    static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections being served now. */
    int connections() {
        return open.size();
    }

    long accepted() {
        return accepted.get();
    }

    /** Connections closed at once because {@code maxConnections} were open. */
    long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(TcpListener::quietly);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
