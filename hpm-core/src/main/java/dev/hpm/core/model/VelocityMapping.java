package dev.hpm.core.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Maps each {@link VelocityLevel} to a target execution velocity in percent. The default,
 * 90/70/50/30/10, follows zManager. Values must fall strictly from fastest to slowest and lie
 * in 1…99 (a velocity of 100 would forbid any CPU delay at all and can never be met).
 */
public record VelocityMapping(Map<VelocityLevel, Integer> percent) {
    public static final VelocityMapping DEFAULT = of(90, 70, 50, 30, 10);

    public VelocityMapping {
        percent = Collections.unmodifiableMap(new EnumMap<>(percent));
        Problems problems = new Problems();
        Integer previous = null;
        for (VelocityLevel level : VelocityLevel.values()) {
            Integer value = percent.get(level);
            String field = "velocity-mapping." + level.label();
            if (value == null) {
                problems.add(field, null, "give a target velocity in percent (1 to 99)");
            } else if (value < 1 || value > 99) {
                problems.add(field, value, "use a velocity from 1 to 99 percent");
            } else if (previous != null && value >= previous) {
                problems.add(field, value, "must be lower than the level above it (" + previous + ")");
            }
            if (value != null) {
                previous = value;
            }
        }
        problems.throwIfAny();
    }

    public static VelocityMapping of(int fastest, int fast, int moderate, int slow, int slowest) {
        Map<VelocityLevel, Integer> map = new EnumMap<>(VelocityLevel.class);
        map.put(VelocityLevel.FASTEST, fastest);
        map.put(VelocityLevel.FAST, fast);
        map.put(VelocityLevel.MODERATE, moderate);
        map.put(VelocityLevel.SLOW, slow);
        map.put(VelocityLevel.SLOWEST, slowest);
        return new VelocityMapping(map);
    }

    public int percentFor(VelocityLevel level) {
        return percent.get(level);
    }
}
