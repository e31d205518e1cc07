package dev.hpm.sasp;

import dev.hpm.core.pool.Scheduler;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The SASP server (RFC 4678, TCP port 3860 by convention; plain TCP or TLS, {@link Settings#tls}): reads whole messages (the header
 * first, bounded by {@link SaspCodec#MAX_MESSAGE}), answers each through the
 * {@link GroupWorkloadManager}, and pushes weights at the interval on the injected
 * {@link Scheduler}. A message the codec refuses but whose type is a known request gets that
 * request's reply with code 0x10 ("message not understood"); anything else (no SASP header, a length
 * out of bounds, an unknown type) closes the connection. Replies and pushes go through a bounded
 * queue per connection, so a peer that stops reading is disconnected instead of blocking anyone.
 */
public final class SaspServer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(SaspServer.class.getName());
    private static final int QUEUE = 32;
    private final GroupWorkloadManager gwm;
    private final Duration idle;
    private final TcpListener listener;
    private final Scheduler.Handle pushing;

    /**
     * @param settings where to listen and the limits
     * @param every    the push period (the weights' interval)
     */
    public SaspServer(GroupWorkloadManager gwm, Settings settings, Scheduler scheduler, Duration every) {
        this.gwm = gwm;
        this.idle = settings.idleTimeout();
        this.listener = new TcpListener("sasp", settings.host(), settings.port(), settings.maxConnections(),
                settings.tls() == null ? ServerSocketFactory.getDefault() : settings.tls().getServerSocketFactory(),
                this::serve);
        this.pushing = scheduler.scheduleAtFixedRate(this::pushQuietly, every, every);
    }

    /**
     * @param host           address to listen on (loopback by default)
     * @param port           TCP port, 0 for any free one
     * @param maxConnections connections served at once
     * @param idleTimeout    a connection that sends nothing this long is closed (an LB in push mode
     *                       still sends nothing; make it longer than its longest silence)
     * @param tls            the server's key and certificate for SASP over TLS, or null for plain TCP;
     *                       on a TLS port a client that does not complete the handshake (a plain SASP
     *                       client, for one) gets no answer and its connection is closed
     */
    public record Settings(String host, int port, int maxConnections, Duration idleTimeout, SSLContext tls) {
        /** Plain TCP. */
        public Settings(String host, int port, int maxConnections, Duration idleTimeout) {
            this(host, port, maxConnections, idleTimeout, null);
        }

        public static Settings loopback(int port) {
            return new Settings("127.0.0.1", port, 128, Duration.ofMinutes(10));
        }

        /** The same settings over TLS with {@code context}'s key. */
        public Settings withTls(SSLContext context) {
            return new Settings(host, port, maxConnections, idleTimeout, context);
        }

        @Override
        public String toString() {
            return "SaspServer.Settings[" + host + ":" + port + (tls == null ? "" : " TLS") + "]";
        }
    }

    private void pushQuietly() {
        try {
            gwm.push();
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.WARNING, "SASP push failed: " + e);
        }
    }

    private void serve(Socket socket) {
        if (socket instanceof SSLSocket ssl && !handshake(ssl)) {
            return; // the listener closes it
        }
        Connection c = new Connection(socket);
        Thread writer = Thread.ofVirtual().name("hpm-sasp-writer").start(c::write);
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idle.toMillis()));
            InputStream in = socket.getInputStream();
            while (!c.closed) {
                byte[] header = new byte[SaspCodec.HEADER_LENGTH];
                if (!readFully(in, header, 0, header.length, true)) {
                    break;
                }
                int length = SaspCodec.messageLength(header);
                byte[] message = java.util.Arrays.copyOf(header, length);
                readFully(in, message, header.length, length - header.length, false);
                SaspMessage request;
                try {
                    request = SaspCodec.decode(message);
                } catch (SaspFormatException e) {
                    if (e.type() < 0) {
                        throw e;
                    }
                    c.send(new SaspMessage(SaspMessage.VERSION, e.messageId(), SaspCodec.reply(e.type(), ReturnCode.NOT_UNDERSTOOD)));
                    continue;
                }
                SaspMessage.Body reply = gwm.handle(c, request);
                if (reply != null) {
                    c.send(new SaspMessage(SaspMessage.VERSION, request.messageId(), reply));
                }
            }
        } catch (SaspFormatException e) {
            LOG.log(Logger.Level.DEBUG, "SASP: closing " + c.peer() + ": " + e.getMessage());
        } catch (IOException e) {
            LOG.log(Logger.Level.DEBUG, "SASP: " + c.peer() + ": " + e.getMessage());
        } finally {
            gwm.disconnected(c);
            c.ending = true; // the writer sends what is queued (the last reply), then stops
            c.out.offer(Connection.END);
            try {
                writer.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.close();
            writer.interrupt();
        }
    }

    /**
     * Completes the TLS handshake before anything is read or written, within the idle timeout; false
     * (logged) if the peer does not speak TLS or refuses the certificate.
     */
    private boolean handshake(SSLSocket ssl) {
        try {
            ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idle.toMillis()));
            ssl.startHandshake();
            return true;
        } catch (IOException e) {
            LOG.log(Logger.Level.INFO, "SASP over TLS: no handshake with " + ssl.getRemoteSocketAddress() + ": "
                    + e.getMessage() + " (a plain SASP client on the TLS port?)");
            return false;
        }
    }

    /** Reads exactly {@code n} bytes; false at a clean end of stream before the first byte if {@code eofOk}. */
    private static boolean readFully(InputStream in, byte[] b, int off, int n, boolean eofOk) throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(b, off + done, n - done);
            if (r < 0) {
                if (eofOk && done == 0) {
                    return false;
                }
                throw new EOFException("the connection closed inside a message");
            }
            done += r;
        }
        return true;
    }

    /** A connection: its outgoing queue, drained by its writer thread. */
    private static final class Connection implements Session {
        private final Socket socket;
        private final String peer;
        private final BlockingQueue<byte[]> out = new ArrayBlockingQueue<>(QUEUE);
        private volatile boolean closed;
        private volatile boolean ending;
        /** Queued after the last message: the writer stops when it gets there. */
        static final byte[] END = new byte[0];

        Connection(Socket socket) {
            this.socket = socket;
            this.peer = String.valueOf(socket.getRemoteSocketAddress());
        }

        @Override
        public boolean send(SaspMessage message) {
            if (closed) {
                return false;
            }
            if (!out.offer(SaspCodec.encode(message))) {
                LOG.log(Logger.Level.WARNING, "SASP: " + peer + " does not read its messages; closing");
                close();
                return false;
            }
            return true;
        }

        void write() {
            try {
                OutputStream o = socket.getOutputStream();
                while (!closed) {
                    byte[] b = out.poll(100, TimeUnit.MILLISECONDS);
                    if (b == END) {
                        return;
                    }
                    if (b != null) {
                        o.write(b);
                        o.flush();
                    } else if (ending) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                close();
            }
        }

        void close() {
            closed = true;
            TcpListener.quietly(socket);
        }

        @Override
        public String peer() {
            return peer;
        }
    }

    public int port() {
        return listener.port();
    }

    /** Connections open now. */
    public int connections() {
        return listener.connections();
    }

    public GroupWorkloadManager manager() {
        return gwm;
    }

    @Override
    public void close() {
        pushing.cancel();
        listener.close();
    }
}
