package dev.hpm.sim.demand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads utilisation traces. The PlanetLab format (the CoMon traces used by the CloudSim
 * consolidation studies: A. Beloglazov and R. Buyya, "Optimal online deterministic algorithms and
 * adaptive heuristics for energy and performance efficient dynamic consolidation of virtual
 * machines in cloud data centers", CCPE 24(13), 2012) is one integer percentage per line, one
 * line per 5-minute sample.
 */
public final class Traces {
    /** Largest accepted trace file; PlanetLab files are about 1 KiB. */
    public static final long MAX_BYTES = 16L << 20;

    private Traces() {
    }

    /** Reads one PlanetLab trace file. */
    public static double[] readPlanetLab(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(file + ": larger than " + (MAX_BYTES >> 20) + " MiB; is it a trace?");
            }
            List<Double> values = new ArrayList<>(288);
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    String text = line.strip();
                    if (text.isEmpty()) {
                        continue;
                    }
                    try {
                        double v = Double.parseDouble(text);
                        if (v < 0 || v > 100 || Double.isNaN(v)) {
                            throw new NumberFormatException();
                        }
                        values.add(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + " line " + number + ": \"" + abbreviate(text)
                                + "\" is not a utilisation from 0 to 100");
                    }
                }
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException(file + ": no samples");
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The regular files of a trace directory, sorted by name (names may contain spaces). */
    public static List<Path> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(directory + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }
}
