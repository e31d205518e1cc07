package dev.hpm.sim.scenario;

import dev.hpm.codec.Node;
import dev.hpm.codec.Units;
import dev.hpm.sim.demand.DemandModel;
import dev.hpm.sim.demand.Traces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code demand:} block. Models and their keys (CPUs are cores' worth of demand):
 * <ul>
 *   <li>{@code {model: constant, cpus: 1.5}}</li>
 *   <li>{@code {model: step, steps: [{at: 0s, cpus: 0.5}, {at: 10m, cpus: 2}]}}</li>
 *   <li>{@code {model: sine, mean: 1, amplitude: 0.5, period: 1h, phase: 0}}</li>
 *   <li>{@code {model: bursts, base: 0.2, peak: 1.8, mean-gap: 5m, mean-length: 1m}}</li>
 *   <li>{@code {model: random-walk, start: 1, step: 0.05, every: 10s, min: 0, max: 2}}</li>
 *   <li>{@code {model: trace, format: planetlab, file: PATH | directory: PATH, sample-period: 5m,
 *       cpus-at-100: 1, offset: 0}}; with {@code directory}, server k of a set replays file
 *       {@code first + k} of the sorted directory</li>
 * </ul>
 */
final class DemandReader {
    private final Path base;

    /** @param base directory relative trace paths are resolved against (the scenario file's) */
    DemandReader(Path base) {
        this.base = base;
    }

    DemandSpec read(Node n, int vcpus, int indexInSet) {
        String model = n.text("model", null);
        if (model == null) {
            return null;
        }
        return switch (model) {
            case "constant" -> constant(n);
            case "step" -> step(n);
            case "sine" -> sine(n);
            case "bursts" -> bursts(n);
            case "random-walk" -> randomWalk(n);
            case "trace" -> trace(n, vcpus, indexInSet);
            default -> {
                n.problem("model", model, "use one of constant, step, sine, bursts, random-walk, trace");
                yield null;
            }
        };
    }

    private DemandSpec constant(Node n) {
        n.object("model", "cpus");
        double cpus = n.number("cpus", Double.NaN, 0, 4096);
        return new DemandSpec("constant " + cpus, List.of(), seed -> new DemandModel.Constant(cpus));
    }

    private DemandSpec step(Node n) {
        n.object("model", "steps");
        List<Long> at = new ArrayList<>();
        List<Double> levels = new ArrayList<>();
        for (Node s : n.list("steps", true)) {
            s.object("at", "cpus");
            Duration t = s.duration("at", null);
            long nanos = t == null ? 0 : t.toNanos();
            if (!at.isEmpty() && nanos <= at.getLast()) {
                s.problem("at", Units.format(t), "steps must be in increasing time");
            }
            at.add(nanos);
            levels.add(s.number("cpus", Double.NaN, 0, 4096));
        }
        if (at.isEmpty()) {
            return null;
        }
        return new DemandSpec("step " + levels, at.stream().filter(t -> t > 0).toList(),
                seed -> new DemandModel.Step(at, levels));
    }

    private DemandSpec sine(Node n) {
        n.object("model", "mean", "amplitude", "period", "phase");
        double mean = n.number("mean", Double.NaN, 0, 4096);
        double amplitude = n.number("amplitude", Double.NaN, 0, 4096);
        Duration period = n.duration("period", Duration.ofHours(24));
        double phase = n.number("phase", 0, -1, 1);
        long periodNanos = Math.max(period.toNanos(), 1);
        return new DemandSpec("sine " + mean + "±" + amplitude, List.of(),
                seed -> new DemandModel.Sine(mean, amplitude, periodNanos, phase));
    }

    private DemandSpec bursts(Node n) {
        n.object("model", "base", "peak", "mean-gap", "mean-length");
        double baseLevel = n.number("base", Double.NaN, 0, 4096);
        double peak = n.number("peak", Double.NaN, 0, 4096);
        long gap = Math.max(n.duration("mean-gap", Duration.ofMinutes(5)).toNanos(), 1);
        long length = Math.max(n.duration("mean-length", Duration.ofMinutes(1)).toNanos(), 1);
        return new DemandSpec("bursts " + baseLevel + "→" + peak, List.of(),
                seed -> new DemandModel.Bursts(baseLevel, peak, gap, length, seed));
    }

    private DemandSpec randomWalk(Node n) {
        n.object("model", "start", "step", "every", "min", "max");
        double start = n.number("start", Double.NaN, 0, 4096);
        double sigma = n.number("step", 0.05, 0, 4096);
        long every = Math.max(n.duration("every", Duration.ofSeconds(10)).toNanos(), 1);
        double min = n.number("min", 0, 0, 4096);
        double max = n.number("max", 4096, 0, 4096);
        if (min > max) {
            n.problem("min", min, "must not exceed max (" + max + ")");
        }
        return new DemandSpec("random walk from " + start, List.of(),
                seed -> new DemandModel.RandomWalk(start, sigma, min, Math.max(min, max), every, seed));
    }

    private DemandSpec trace(Node n, int vcpus, int indexInSet) {
        n.object("model", "format", "file", "directory", "first", "sample-period", "cpus-at-100", "offset");
        String format = n.text("format", "planetlab");
        if (!format.equals("planetlab")) {
            n.problem("format", format, "only planetlab is supported (one utilisation percentage per line)");
            return null;
        }
        Path file = traceFile(n, indexInSet);
        if (file == null) {
            return null;
        }
        long period = Math.max(n.duration("sample-period", Duration.ofMinutes(5)).toNanos(), 1);
        double atFull = n.number("cpus-at-100", vcpus, 0.01, 4096);
        int offset = (int) n.integer("offset", 0, 0, 1_000_000);
        double[] percent;
        try {
            percent = Traces.readPlanetLab(file);
        } catch (RuntimeException e) {
            n.problem(n.has("file") ? "file" : "directory", file.toString(), e.getMessage());
            return null;
        }
        String source = file.getFileName().toString();
        return new DemandSpec("trace " + source, List.of(),
                seed -> new DemandModel.Trace(source, percent, period, atFull, offset));
    }

    private Path traceFile(Node n, int indexInSet) {
        if (n.has("file") == n.has("directory")) {
            n.problem("file", null, "give either file (one trace) or directory (one trace per server of a set)");
            return null;
        }
        if (n.has("file")) {
            Path file = base.resolve(n.text("file", null)).normalize();
            if (!Files.isRegularFile(file)) {
                n.problem("file", file.toString(), "no such trace file (relative paths start at the scenario file's folder)");
                return null;
            }
            return file;
        }
        Path dir = base.resolve(n.text("directory", null)).normalize();
        if (!Files.isDirectory(dir)) {
            n.problem("directory", dir.toString(), "no such directory (relative paths start at the scenario file's folder)");
            return null;
        }
        List<Path> files = Traces.list(dir);
        if (files.isEmpty()) {
            n.problem("directory", dir.toString(), "holds no trace files");
            return null;
        }
        int first = (int) n.integer("first", 0, 0, 1_000_000);
        return files.get((first + indexInSet) % files.size());
    }
}
