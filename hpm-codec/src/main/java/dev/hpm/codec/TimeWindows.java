package dev.hpm.codec;

import dev.hpm.core.dwm.TimeWindow;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code schedule} of a DWM setting as documents write it, in the REST API's policy and in pool
 * scenarios alike: a list of {@code {from: "22:00", to: "06:00"}} windows (times of day; a window
 * may wrap past midnight). Every bad time is a problem of the node, named with its key.
 */
public final class TimeWindows {
    private TimeWindows() {
    }

    /** The windows of {@code n}'s {@code schedule} list (empty when it has none). */
    public static List<TimeWindow> schedule(Node n) {
        List<TimeWindow> windows = new ArrayList<>();
        for (Node w : n.list("schedule", false)) {
            if (w.object("from", "to")) {
                LocalTime from = time(w, "from");
                LocalTime to = time(w, "to");
                if (from != null && to != null) {
                    windows.add(new TimeWindow(from, to));
                }
            }
        }
        return windows;
    }

    private static LocalTime time(Node n, String key) {
        String text = n.text(key, null);
        try {
            return text == null ? null : LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            n.problem(key, text, "use a time of day such as 22:00");
            return null;
        }
    }
}
