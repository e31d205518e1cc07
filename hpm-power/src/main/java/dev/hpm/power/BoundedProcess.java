package dev.hpm.power;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external command with a hard time limit and bounded output: stdin is empty, stdout and
 * stderr are read on their own (virtual) threads and kept up to {@value #MAX_OUTPUT} bytes each
 * (the rest is read and dropped, so the child never blocks on a full pipe), and a command still
 * running at its deadline is stopped by its pid (SIGTERM, then SIGKILL after a second) together
 * with any children it started. Extra environment variables are the way to pass secrets (never
 * its arguments, which any user can read in {@code /proc}).
 */
final class BoundedProcess {
    static final int MAX_OUTPUT = 64 * 1024;

    /** How a command ended. {@code exit} is -1 when it was stopped at its deadline. */
    record Result(int exit, String stdout, String stderr, Duration took, boolean timedOut) {
    }

    private BoundedProcess() {
    }

    /**
     * @throws IOException if the command cannot be started (e.g. not installed)
     */
    static Result run(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        Thread to = Thread.ofVirtual().name("bounded-stdout").start(out);
        Thread te = Thread.ofVirtual().name("bounded-stderr").start(err);
        boolean finished;
        try {
            finished = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            stop(p);
            throw e;
        }
        if (!finished) {
            stop(p);
        }
        to.join(1000);
        te.join(1000);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Result(finished ? p.exitValue() : -1, out.text(), err.text(), took, !finished);
    }

    /** SIGTERM to the process and its descendants by pid, SIGKILL to whatever is left after a second. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!p.waitFor(1, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(1, TimeUnit.SECONDS);
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    /** Reads a stream to its end, keeping the first {@value #MAX_OUTPUT} bytes. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Capture(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (kept) {
                        int room = MAX_OUTPUT - kept.size();
                        if (room > 0) {
                            kept.write(buf, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException e) {
                // the process was stopped: keep what was read
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
