package dev.hpm.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Requests java.net.http will not send (broken chunks, stalled headers), and the CPU this JVM spends. */
final class Raw {
    private Raw() {
    }

    /** Sends {@code request} as bytes and returns everything the server answers until it closes. */
    static String exchange(int port, String request, Duration timeout) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends part of a request and then nothing; the time until the server gives up on the client
     * and closes the connection, or null if it has not closed it within {@code patience}.
     */
    static Duration stall(int port, String partial, Duration patience) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) patience.toMillis());
            long start = System.nanoTime();
            socket.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            try {
                readAll(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            bytes.write(buffer, 0, n);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** CPU time this process has used so far (all threads, the server's included). */
    static Duration processCpu() {
        return Duration.ofNanos(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime());
    }

    /** The share of one core this process uses over {@code window}. */
    static double cpuShare(Duration window) {
        Duration before = processCpu();
        long start = System.nanoTime();
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (double) processCpu().minus(before).toNanos() / (System.nanoTime() - start);
    }
}
