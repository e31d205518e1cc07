package dev.hpm.sasp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/** A raw SASP client for the tests: writes bytes, reads whole messages by their header's length. */
final class SaspClient implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    SaspClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over a connected socket (a TLS one, say). */
    SaspClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next whole message. */
    byte[] read() throws IOException {
        byte[] header = new byte[13];
        in.readFully(header);
        int length = ByteBuffer.wrap(header).getInt(5);
        byte[] m = new byte[length];
        System.arraycopy(header, 0, m, 0, 13);
        in.readFully(m, 13, length - 13);
        return m;
    }

    byte[] call(byte[] bytes) throws IOException {
        send(bytes);
        return read();
    }

    /** True if the server closed the connection (end of stream within the timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** True if nothing arrives within {@code millis}. */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            in.mark(1);
            int b = in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(5_000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
