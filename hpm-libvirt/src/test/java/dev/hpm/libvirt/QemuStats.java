package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.libvirt.fixture.GuestFixture.Guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Helpers of the {@code libvirt}-tagged tests: sampling guests, CPU shares of intervals, running virsh. */
final class QemuStats {
    private QemuStats() {
    }

    /** The CPU samples of {@code guests}, by UUID. */
    static Map<String, DomainSample> sample(HypervisorDriver driver, List<Guest> guests) {
        Map<String, DomainSample> all = driver.domainStats(StatsGroup.CPU).stream()
                .collect(Collectors.toMap(DomainSample::uuid, Function.identity()));
        for (Guest g : guests) {
            if (!all.containsKey(g.uuid())) {
                throw new AssertionError("no statistics for running guest " + g.name());
            }
        }
        return all;
    }

    /** CPUs used by each guest between two samples (Δ Σ vcpu.N.time / Δt), in the order of {@code guests}. */
    static double[] cpus(List<Guest> guests, Map<String, DomainSample> before, Map<String, DomainSample> after) {
        double[] cpus = new double[guests.size()];
        for (int i = 0; i < cpus.length; i++) {
            DomainSample a = before.get(guests.get(i).uuid());
            DomainSample b = after.get(guests.get(i).uuid());
            cpus[i] = (double) (b.usingNanos() - a.usingNanos()) / (b.timestampNanos() - a.timestampNanos());
        }
        return cpus;
    }

    /** Runs {@code virsh -c uri args...} and returns its output; fails on a non-zero exit. */
    static String virsh(String uri, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", uri));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
