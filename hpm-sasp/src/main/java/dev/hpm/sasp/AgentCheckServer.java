package dev.hpm.sasp;

import dev.hpm.core.balance.MemberWeight;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HAProxy's agent check (HAProxy 2.6 {@code agent-check}, {@code agent-send "group/member\n"}):
 * on each connection HPM reads one line naming a member, answers with its weight as a percentage
 * of the server's configured weight and its state, then closes:
 * {@code 75% ready up} (serving), {@code 0% drain} (quiesced: host maintenance or SASP quiesce),
 * {@code 0% maint} (its VS is not running), {@code 0% drain #unknown member} (HPM knows no such member).
 * Lines are bounded to {@link #MAX_LINE} bytes and the read to {@code timeout}.
 */
public final class AgentCheckServer implements AutoCloseable {
    public static final int MAX_LINE = 256;
    private final WeightSource weights;
    private final Duration timeout;
    private final TcpListener listener;

    public AgentCheckServer(WeightSource weights, String host, int port, int maxConnections, Duration timeout) {
        this.weights = weights;
        this.timeout = timeout;
        this.listener = new TcpListener("lb-agent", host, port, maxConnections,
                javax.net.ServerSocketFactory.getDefault(), this::serve);
    }

    /** The agent's answer for {@code request} (what HAProxy sent, without the newline). */
    public String answer(String request) {
        String key = request.strip();
        int slash = key.indexOf('/');
        MemberWeight w = slash <= 0 ? null : weights.byName(key.substring(0, slash), key.substring(slash + 1));
        return format(w);
    }

    /** The agent-check words for a weight. */
    public static String format(MemberWeight w) {
        if (w == null) {
            return "0% drain #unknown member";
        }
        if (!w.contactable()) {
            return "0% maint";
        }
        if (w.quiesced()) {
            return "0% drain";
        }
        return w.weight() + "% ready up";
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            byte[] line = new byte[MAX_LINE];
            int n = 0;
            while (n < MAX_LINE) {
                int b = in.read();
                if (b < 0 || b == '\n') {
                    break;
                }
                line[n++] = (byte) b;
            }
            String request = new String(line, 0, n, StandardCharsets.ISO_8859_1);
            socket.getOutputStream().write((answer(request) + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // the check failed on its side; HAProxy retries at its interval
        }
    }

    public int port() {
        return listener.port();
    }

    public int connections() {
        return listener.connections();
    }

    @Override
    public void close() {
        listener.close();
    }
}
