package dev.hpm.core.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The goal of a service class: an execution velocity, a response time (an average or a
 * percentile, as z/OS WLM's response-time goals), or none at all (discretionary work runs on what
 * is left and is the first donor). What users write (docs/workload-balancing.md, "Response-time
 * goals"):
 *
 * <ul>
 * <li>{@code fastest} … {@code slowest}: a velocity level;</li>
 * <li>{@code average 200ms} (also {@code average ≤ 0.2s}): the average response time;</li>
 * <li>{@code p90 500ms} (also {@code 90% ≤ 500ms}): 90 % of the requests complete within 500 ms;</li>
 * <li>{@code discretionary}.</li>
 * </ul>
 */
public sealed interface Goal {
    /** A velocity goal, e.g. {@code fast} = 70 % under the default mapping. */
    record Velocity(VelocityLevel level) implements Goal {
        public Velocity {
            java.util.Objects.requireNonNull(level, "level");
        }

        @Override
        public String label() {
            return level.label();
        }
    }

    /** A response-time goal: its time in milliseconds, an average or a percentile of it. */
    sealed interface ResponseTime extends Goal {
        /** The goal's response time in milliseconds. */
        double millis();
    }

    /** "average ≤ {@code millis}": PI = actual average ÷ goal. */
    record AverageResponseTime(double millis) implements ResponseTime {
        public AverageResponseTime {
            checkMillis(millis);
        }

        @Override
        public String label() {
            return "average " + Goal.millisText(millis);
        }
    }

    /** "{@code percent} % of requests ≤ {@code millis}", e.g. 90 and 500. */
    record PercentileResponseTime(double percent, double millis) implements ResponseTime {
        public PercentileResponseTime {
            checkMillis(millis);
            if (!(percent > 0 && percent < 100)) {
                throw new InvalidDefinitionException(new Problem("goal", percent,
                        "a percentile goal's share must be above 0 and below 100 %, e.g. p90 500ms"));
            }
        }

        /** The share as a fraction: 0.9 for p90. */
        public double fraction() {
            return percent / 100;
        }

        @Override
        public String label() {
            return "p" + Goal.number(percent) + " " + Goal.millisText(millis);
        }
    }

    /** No goal; WLM gives discretionary work a fixed PI of 0.81. */
    record Discretionary() implements Goal {
        @Override
        public String label() {
            return DISCRETIONARY;
        }
    }

    String DISCRETIONARY = "discretionary";
    /** The longest response-time goal accepted: one hour. */
    double MAX_MILLIS = 3_600_000;

    /** What users write: a velocity level name, {@code average 200ms}, {@code p90 500ms} or {@code discretionary}. */
    String label();

    static Goal velocity(VelocityLevel level) {
        return new Velocity(level);
    }

    static Goal discretionary() {
        return new Discretionary();
    }

    /** Parses {@code fastest … slowest}, {@code average 200ms}, {@code p90 500ms} or {@code discretionary}. */
    static Goal parse(String value, String field) {
        if (value != null && value.trim().equalsIgnoreCase(DISCRETIONARY)) {
            return discretionary();
        }
        if (value != null) {
            for (VelocityLevel level : VelocityLevel.values()) {
                if (level.label().equalsIgnoreCase(value.trim())) {
                    return velocity(level);
                }
            }
            Goal responseTime = Syntax.responseTime(value.trim(), field);
            if (responseTime != null) {
                return responseTime;
            }
        }
        throw new InvalidDefinitionException(new Problem(field, value,
                "use one of " + Names.choices(VelocityLevel.class) + ", " + DISCRETIONARY
                        + ", a response time such as 'average 200ms' or a percentile such as 'p90 500ms'"));
    }

    private static void checkMillis(double millis) {
        if (!(millis > 0 && millis <= MAX_MILLIS)) {
            throw new InvalidDefinitionException(new Problem("goal", millis,
                    "a response-time goal must be above 0 and at most 1 hour, e.g. 'average 200ms' or 'p90 0.5s'"));
        }
    }

    /** 200 → "200ms", 1500 → "1500ms", 0.5 → "0.5ms". */
    private static String millisText(double millis) {
        return number(millis) + "ms";
    }

    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The response-time syntax, kept apart so {@link Goal}'s constants stay few. */
    final class Syntax {
        private static final String TIME = "(?:<=|≤)?\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s)";
        private static final Pattern AVERAGE = Pattern.compile("(?i)(?:average|avg)\\s*" + TIME);
        private static final Pattern PERCENTILE = Pattern.compile("(?i)(?:p(\\d+(?:\\.\\d+)?)|(\\d+(?:\\.\\d+)?)\\s*%)\\s*" + TIME);

        private Syntax() {
        }

        static Goal responseTime(String text, String field) {
            try {
                Matcher a = AVERAGE.matcher(text);
                if (a.matches()) {
                    return new AverageResponseTime(millis(a.group(1), a.group(2)));
                }
                Matcher p = PERCENTILE.matcher(text);
                if (p.matches()) {
                    String percent = p.group(1) != null ? p.group(1) : p.group(2);
                    return new PercentileResponseTime(Double.parseDouble(percent), millis(p.group(3), p.group(4)));
                }
                return null;
            } catch (InvalidDefinitionException e) {
                throw new InvalidDefinitionException(new Problem(field, text, e.problems().getFirst().fix()));
            }
        }

        private static double millis(String number, String unit) {
            double v = Double.parseDouble(number);
            return unit.equalsIgnoreCase("s") ? v * 1000 : v;
        }
    }
}
