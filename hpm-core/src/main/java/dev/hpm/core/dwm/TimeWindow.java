package dev.hpm.core.dwm;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A daily time window in UTC, {@code from} inclusive to {@code to} exclusive; a window whose end is
 * before its start runs over midnight (22:00–06:00). A schedule is a list of windows; an empty
 * schedule means "always".
 */
public record TimeWindow(LocalTime from, LocalTime to) {
    public TimeWindow {
        java.util.Objects.requireNonNull(from, "from");
        java.util.Objects.requireNonNull(to, "to");
    }

    /** True if {@code at} falls inside this window. */
    public boolean contains(Instant at) {
        LocalTime t = LocalTime.ofInstant(at, ZoneOffset.UTC);
        if (from.equals(to)) {
            return true;
        }
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** True if the schedule is empty or one of its windows contains {@code at}. */
    public static boolean open(List<TimeWindow> schedule, Instant at) {
        return schedule.isEmpty() || schedule.stream().anyMatch(w -> w.contains(at));
    }
}
