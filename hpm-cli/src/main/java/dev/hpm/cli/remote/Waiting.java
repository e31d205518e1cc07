package dev.hpm.cli.remote;

import dev.hpm.core.time.Timebase;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Polls until a condition holds or a deadline passes, for commands with {@code --wait}. Time and
 * pauses are injected so that tests need not sleep.
 */
public final class Waiting {
    /** How a waiting command pauses between two polls. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    /** The pause of a real run. */
    public static final Pause SLEEP = d -> Thread.sleep(d);
    private final Timebase time;
    private final Pause pause;
    private final Duration every;

    public Waiting(Timebase time, Pause pause, Duration every) {
        this.time = time;
        this.pause = pause;
        this.every = every;
    }

    /** Polls every second on the machine's clock. */
    public static Waiting system() {
        return new Waiting(Timebase.system(), SLEEP, Duration.ofSeconds(1));
    }

    /**
     * Checks {@code done} at once and then every poll until it holds ({@code true}) or
     * {@code timeout} has passed ({@code false}).
     */
    public boolean until(BooleanSupplier done, Duration timeout) {
        long end = time.nanos() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (time.nanos() - end >= 0) {
                return false;
            }
            try {
                pause.pause(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(ExitCodes.UNEXPECTED, List.of("interrupted while waiting"), e);
            }
        }
        return true;
    }

    /** {@code --wait-timeout}: ISO-8601 or short (30s, 10m, 2h). */
    public static Duration parse(String option, String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.matches("\\d+[smh]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw CliFailure.usage(option + " is \"" + text + "\": write a duration such as 30s, 10m, 1h or PT10M");
        }
    }
}
