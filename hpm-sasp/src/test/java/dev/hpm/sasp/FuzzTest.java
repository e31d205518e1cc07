package dev.hpm.sasp;

import dev.hpm.core.time.Timebase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.hpm.sasp.RfcBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 random and mutated SASP messages and agent-check requests against the real servers: no
 * crash, no connection or thread left behind, memory flat, and a witness connection of each kind
 * keeps being served correctly throughout.
 */
class FuzzTest {
    static final int INPUTS = 10_000;

    @Test
    void fuzz_tenThousandHostileInputs_serversKeepServing() throws Exception {
        TestWeights weights = new TestWeights().set("web", "a", "10.0.0.1", 8080, TestWeights.serving("a", 80));
        GroupWorkloadManager gwm = new GroupWorkloadManager(weights, Timebase.system(), Duration.ofSeconds(10), Duration.ofSeconds(30));
        ManualScheduler scheduler = new ManualScheduler();
        Random random = new Random(4678);
        List<byte[]> corpus = List.of(
                message(1, setLbState("lb-f", 0x7F, 0x07)),
                message(2, registration(true, groupOfMembers("lb-f", "web", member(10, 0, 0, 1, 8080, "a"), member(10, 0, 0, 2, 80, "b")))),
                message(3, registration(false, groupOfMembers("lb-f", "web", member(10, 0, 0, 3, 8080, "c")))),
                message(4, deregistration(true, 1, groupOfMembers("lb-f", "web", member(10, 0, 0, 2, 80, "b")))),
                message(5, getWeights(groupData("lb-f", "web"), groupData("lb-f", "shop"))),
                message(6, setMemberState(true, "lb-f", "web", 0, 1, member(10, 0, 0, 1, 8080, "a"))));
        try (SaspServer sasp = new SaspServer(gwm, new SaspServer.Settings("127.0.0.1", 0, 64, Duration.ofSeconds(30)),
                scheduler, Duration.ofSeconds(10));
             AgentCheckServer agent = new AgentCheckServer(weights, "127.0.0.1", 0, 64, Duration.ofSeconds(2));
             SaspClient witness = new SaspClient(sasp.port())) {
            witness.call(message(1, setLbState("witness", 0x7F, 0)));
            assertThat(code(witness.call(message(2, registration(true, groupOfMembers("witness", "web",
                    member(10, 0, 0, 1, 8080, "a"))))))).isZero();
            int platformBefore = platformThreads();
            long heapEarly = 0;
            AtomicInteger replies = new AtomicInteger(), notUnderstood = new AtomicInteger(), closed = new AtomicInteger();
            AtomicInteger agentAnswers = new AtomicInteger();
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                int done = 0;
                while (done < INPUTS) {
                    List<Future<?>> batch = new ArrayList<>();
                    for (int i = 0; i < 500 && done < INPUTS; i++, done++) {
                        long seed = random.nextLong();
                        boolean sasp2 = done % 10 < 7;
                        batch.add(pool.submit(() -> {
                            Random r = new Random(seed);
                            if (sasp2) {
                                saspInput(sasp.port(), mutate(r, corpus.get(r.nextInt(corpus.size()))), r.nextInt(50) != 0,
                                        replies, notUnderstood, closed);
                            } else {
                                agentInput(agent.port(), agentRequest(r), agentAnswers);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : batch) {
                        f.get();
                    }
                    byte[] w = witness.call(message(done, getWeights(groupData("witness", "web"))));
                    assertThat(code(w)).as("the witness is served after %d inputs", done).isZero();
                    assertThat(ByteBuffer.wrap(w).getShort(w.length - 2)).isEqualTo((short) 80);
                    assertThat(ask(agent.port(), "web/a\n")).isEqualTo("80% ready up\n");
                    if (done == 2_000) {
                        heapEarly = heapAfterGc();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < 100 && (sasp.connections() > 1 || agent.connections() > 0); i++) {
                Thread.sleep(50);
            }
            long heapEnd = heapAfterGc();
            System.out.printf("fuzz: %d inputs in %.1f s; SASP replies %d (of them 'not understood' %d), closed by HPM %d;"
                            + " agent answers %d; heap after GC %d MiB at 2000, %d MiB at the end; platform threads %d -> %d%n",
                    INPUTS, seconds, replies.get(), notUnderstood.get(), closed.get(), agentAnswers.get(), heapEarly >> 20,
                    heapEnd >> 20, platformBefore, platformThreads());
            assertThat(sasp.connections()).as("only the witness is left").isEqualTo(1);
            assertThat(agent.connections()).isZero();
            assertThat(platformThreads()).isLessThanOrEqualTo(platformBefore + 2);
            assertThat(heapEnd - heapEarly).as("heap growth").isLessThan(16L << 20);
            assertThat(notUnderstood.get()).isPositive();
            assertThat(closed.get()).isPositive();
            assertThat(gwm.loadBalancers().size()).isLessThanOrEqualTo(GroupWorkloadManager.MAX_LBS);
        }
    }

    static int platformThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isVirtual() && t.isAlive()).count();
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** A corpus message changed one of seven ways, or random bytes. */
    static byte[] mutate(Random r, byte[] valid) {
        byte[] m = valid.clone();
        switch (r.nextInt(8)) {
            case 0 -> {
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> m = java.util.Arrays.copyOf(m, r.nextInt(m.length));
            case 2 -> {
                byte[] extra = new byte[1 + r.nextInt(40)];
                r.nextBytes(extra);
                m = ByteBuffer.allocate(m.length + extra.length).put(m).put(extra).array();
            }
            case 3 -> ByteBuffer.wrap(m).putInt(5, r.nextInt()); // the message length
            case 4 -> ByteBuffer.wrap(m).putShort(15, (short) r.nextInt()); // the message component's length
            case 5 -> m[13 + 4 + r.nextInt(Math.max(1, m.length - 17))] = (byte) r.nextInt(256);
            case 6 -> {
                m = new byte[r.nextInt(200)];
                r.nextBytes(m);
            }
            default -> {
                byte[] two = ByteBuffer.allocate(2 * m.length).put(m).put(m).array();
                two[m.length + r.nextInt(m.length)] ^= 0x55;
                m = two;
            }
        }
        return m;
    }

    /**
     * Sends {@code bytes} on a new connection and reads one reply; {@code end} closes the sending side
     * at once (else the client waits 200 ms with the connection open, as a slow peer would).
     */
    static void saspInput(int port, byte[] bytes, boolean end, AtomicInteger replies, AtomicInteger notUnderstood,
                          AtomicInteger closed) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(end ? 2_000 : 200);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            if (end) {
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            byte[] header = in.readNBytes(13);
            if (header.length < 13) {
                closed.incrementAndGet();
                return;
            }
            byte[] rest = in.readNBytes(Math.max(0, ByteBuffer.wrap(header).getInt(5) - 13));
            replies.incrementAndGet();
            if (rest.length >= 5 && (rest[4] & 0xFF) == ReturnCode.NOT_UNDERSTOOD) {
                notUnderstood.incrementAndGet();
            }
        } catch (SocketTimeoutException e) {
            // HPM waits for the rest of a message: the client goes away, HPM sees the end of the stream
        } catch (IOException e) {
            closed.incrementAndGet();
        }
    }

    static byte[] agentRequest(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> "web/a\n".getBytes(StandardCharsets.US_ASCII);
            case 1 -> "nosuch/member\n".getBytes(StandardCharsets.US_ASCII);
            case 2 -> "x".repeat(300 + r.nextInt(2000)).getBytes(StandardCharsets.US_ASCII);
            case 3 -> new byte[0];
            default -> {
                byte[] b = new byte[r.nextInt(400)];
                r.nextBytes(b);
                yield b;
            }
        };
    }

    static void agentInput(int port, byte[] request, AtomicInteger answers) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3_000);
            s.getOutputStream().write(request);
            s.shutdownOutput();
            if (s.getInputStream().readAllBytes().length > 0) {
                answers.incrementAndGet();
            }
        } catch (IOException e) {
            // refused or reset: counted by the witness checks instead
        }
    }

    static String ask(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
