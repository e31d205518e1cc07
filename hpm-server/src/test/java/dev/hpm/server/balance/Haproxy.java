package dev.hpm.server.balance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's haproxy 2.6) on loopback for the tests: one HTTP frontend, backend
 * {@code web} with servers that take HPM's agent check, and its admin stats socket. Started in the
 * foreground and stopped by its pid.
 */
final class Haproxy implements AutoCloseable {
    final Path dir;
    final int port;
    final Path socket;
    private final Process process;

    /** A backend server: its name, port and the agent-send text. */
    record Server(String name, int port, String agentSend) {
    }

    Haproxy(Path dir, int agentPort, List<Server> servers) throws IOException, InterruptedException {
        this(dir, agentPort, servers, -1);
    }

    /**
     * With {@code logPort} ≥ 0, HAProxy also logs every request in HPM's format
     * ({@code hpm-rt %si:%sp %Ta}) over UDP syslog to that port on loopback.
     */
    Haproxy(Path dir, int agentPort, List<Server> servers, int logPort) throws IOException, InterruptedException {
        this.dir = dir;
        this.port = freePort();
        this.socket = dir.resolve("haproxy.sock");
        String log = logPort < 0 ? "" : "    log 127.0.0.1:%d local0\n".formatted(logPort);
        String format = logPort < 0 ? "" : "    log global\n    log-format \"hpm-rt %si:%sp %Ta\"\n";
        StringBuilder cfg = new StringBuilder("""
                global
                    stats socket %s mode 600 level admin
                %sdefaults
                    mode http
                %s    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend web
                backend web
                    balance roundrobin
                """.formatted(socket, log, format, port));
        for (Server s : servers) {
            cfg.append("    server %s 127.0.0.1:%d weight 100 check inter 1s agent-check agent-addr 127.0.0.1 agent-port %d agent-inter 1s agent-send \"%s\\n\"\n"
                    .formatted(s.name(), s.port(), agentPort, s.agentSend()));
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        process = new ProcessBuilder("haproxy", "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited: " + Files.readString(dir.resolve("haproxy.log")));
            }
            Thread.sleep(50);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One command on the stats socket, its whole answer. */
    String command(String command) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            StringBuilder out = new StringBuilder();
            while (c.read(b) >= 0) {
                b.flip();
                out.append(StandardCharsets.US_ASCII.decode(b));
                b.clear();
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A backend server's line of {@code show stat}: status and weight. */
    record Stat(String status, int weight) {
    }

    /** {@code show stat} of backend {@code web}, by server name. */
    Map<String, Stat> stats() {
        String[] lines = command("show stat").split("\n");
        String[] header = lines[0].replaceFirst("^# ", "").split(",", -1);
        int px = 0, sv = 1, status = -1, weight = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals("status")) {
                status = i;
            } else if (header[i].equals("weight")) {
                weight = i;
            }
        }
        Map<String, Stat> out = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            if (f.length > weight && f[px].equals("web") && !f[sv].equals("BACKEND") && !f[sv].equals("FRONTEND")) {
                out.put(f[sv], new Stat(f[status], Integer.parseInt(f[weight])));
            }
        }
        return out;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
