package dev.hpm.sim.scenario;

import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Random single-host scenarios ({@code hpm simulate --random N --seed S}), to keep the CPU manager
 * honest beyond hand-written files: each has a host of 2 to 16 cores and one group per importance
 * level (plus, half the time, discretionary work), each group with a random velocity goal, one to
 * three servers with a random demand model (constant, random walk, sine, step or bursts), the whole
 * wanting 0.7 to 2 times the host, and, now and then, a group CPU maximum or minimum and a server's
 * own cap. Written as scenario YAML and read by {@link ScenarioLoader}, so every rule of a file
 * applies. Deterministic: scenario {@code i} of seed {@code S} is always the same.
 */
public final class RandomScenarios {
    private static final String[] GOALS = {"fastest", "fast", "moderate", "slow", "slowest"};
    private static final int[] CORES = {2, 4, 8, 16};

    private RandomScenarios() {
    }

    /** Scenarios 0 … n−1 of {@code seed}. */
    public static List<Scenario> generate(int n, long seed) {
        return generate(n, seed, CpuManagerSettings.Strategy.RECEIVER);
    }

    /** Scenarios 0 … n−1 of {@code seed}, managed by the CPU manager's {@code strategy}. */
    public static List<Scenario> generate(int n, long seed, CpuManagerSettings.Strategy strategy) {
        List<Scenario> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(ScenarioLoader.load(yaml(i, seed, strategy), "random-" + seed + "-" + i));
        }
        return list;
    }

    /** The YAML text of scenario {@code index} of {@code seed}. */
    public static String yaml(int index, long seed) {
        return yaml(index, seed, CpuManagerSettings.Strategy.RECEIVER);
    }

    /**
     * The YAML text of scenario {@code index} of {@code seed}; a strategy other than the default is written
     * in its {@code cpu-manager} section. The scenario itself does not depend on the strategy.
     */
    public static String yaml(int index, long seed, CpuManagerSettings.Strategy strategy) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        int cores = CORES[r.nextInt(CORES.length)];
        double load = 0.7 + 1.3 * r.nextDouble();
        boolean discretionary = r.nextBoolean();
        int groups = Importance.values().length + (discretionary ? 1 : 0);
        // the wish of each group, as weights of the total demand
        double[] weight = new double[groups];
        double sum = 0;
        for (int g = 0; g < groups; g++) {
            weight[g] = 0.3 + r.nextDouble();
            sum += weight[g];
        }
        StringBuilder y = new StringBuilder();
        y.append(String.format(Locale.ROOT, "name: random-%d-%d%ndescription: random scenario %d of seed %d, %d cores,"
                + " demand %.2fx capacity%nduration: 10m%ninterval: 10s%ntick: 1s%nseed: %d%nscheduler-noise: 0.02%n"
                + "hosts:%n  - {name: host-1, cpus: %d}%ngroups:%n", index, seed, index, seed, cores, load, seed + index, cores));
        if (strategy != CpuManagerSettings.Strategy.RECEIVER) {
            y.insert(y.indexOf("hosts:"), "cpu-manager: {strategy: " + Names.label(strategy) + "}\n");
        }
        StringBuilder servers = new StringBuilder("servers:\n");
        double minima = 0;
        for (int g = 0; g < groups; g++) {
            boolean disc = g == Importance.values().length;
            String name = disc ? "Batch" : "G" + (g + 1);
            String level = disc ? "lowest" : Importance.values()[g].label();
            double groupDemand = load * cores * weight[g] / sum;
            int count = 1 + r.nextInt(3);
            y.append("  - name: ").append(name).append("\n    importance: ").append(level).append('\n');
            double u = r.nextDouble();
            if (u < 0.15) {
                y.append(String.format(Locale.ROOT, "    cpu-maximum: %.2f%n", Math.max(0.1, groupDemand * (0.5 + 0.4 * r.nextDouble()))));
            } else if (u < 0.30 && !disc) {
                double min = Math.min(groupDemand * (0.3 + 0.3 * r.nextDouble()), cores * 0.5 - minima);
                if (min >= 0.1) {
                    minima += min;
                    y.append(String.format(Locale.ROOT, "    cpu-minimum: %.2f%n", min));
                }
            }
            y.append("    policy:\n      service-classes:\n        - {name: c").append(g + 1).append(", goal: ")
                    .append(disc ? "discretionary" : GOALS[r.nextInt(GOALS.length)] + ", importance: " + level).append("}\n");
            for (int k = 0; k < count; k++) {
                double mean = groupDemand / count;
                int vcpus = Math.min(cores, Math.max(1, (int) Math.ceil(mean * (1.2 + r.nextDouble()))));
                mean = Math.min(mean, vcpus);
                servers.append(String.format(Locale.ROOT, "  - {name: %s-%d, host: host-1, group: %s, vcpus: %d%s, demand: %s}%n",
                        name.toLowerCase(Locale.ROOT), k + 1, name, vcpus,
                        r.nextDouble() < 0.1 ? String.format(Locale.ROOT, ", cpu-cap: %.2f", Math.max(0.1, mean * 0.8)) : "",
                        demand(r, mean, vcpus)));
            }
        }
        return y.append(servers).toString();
    }

    private static String demand(SplittableRandom r, double mean, int vcpus) {
        return switch (r.nextInt(5)) {
            case 0 -> String.format(Locale.ROOT, "{model: constant, cpus: %.3f}", mean);
            case 1 -> String.format(Locale.ROOT, "{model: random-walk, start: %.3f, step: %.3f, every: 10s, min: %.3f, max: %.3f}",
                    mean, 0.05 * mean, 0.6 * mean, Math.min(vcpus, 1.4 * mean));
            case 2 -> String.format(Locale.ROOT, "{model: sine, mean: %.3f, amplitude: %.3f, period: %dm, phase: %.2f}",
                    mean, Math.min(0.5 * mean, vcpus - mean), 3 + r.nextInt(8), r.nextDouble());
            case 3 -> String.format(Locale.ROOT, "{model: step, steps: [{at: 0s, cpus: %.3f}, {at: %dm, cpus: %.3f}]}",
                    0.6 * mean, 2 + r.nextInt(6), Math.min(vcpus, 1.4 * mean));
            default -> String.format(Locale.ROOT, "{model: bursts, base: %.3f, peak: %.3f, mean-gap: 2m, mean-length: 1m}",
                    0.6 * mean, Math.min(vcpus, 1.8 * mean));
        };
    }
}
