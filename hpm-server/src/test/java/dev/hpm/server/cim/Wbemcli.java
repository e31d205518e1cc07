package dev.hpm.server.cim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code wbemcli} (package sblim-wbemcli) against a CIM server and keeps what it
 * printed and its exit code. Each run has a time limit; a run that exceeds it is killed by its pid.
 */
final class Wbemcli {
    private static final long TIMEOUT_SECONDS = 60;

    private Wbemcli() {
    }

    /** What one run printed, and its exit code. */
    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        /** Both streams, as a user sees them. */
        String all() {
            return out + err;
        }
    }

    static Result run(String... args) {
        if (!Files.isExecutable(Path.of("/usr/bin/wbemcli"))) {
            throw new AssertionError("wbemcli is not installed: apt-get install sblim-wbemcli (.ci/run does), "
                    + "or leave out the wbem tests (./run-tests --unit)");
        }
        List<String> command = new ArrayList<>();
        command.add("wbemcli"); // from PATH, so that it names itself "wbemcli" in its messages, as for a user
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("wbemcli " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
