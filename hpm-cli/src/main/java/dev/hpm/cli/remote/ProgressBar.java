package dev.hpm.cli.remote;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn in place with a carriage return:
 * {@code [##########----------]  50%  2 of 4 moved}. On a stream that is not a terminal (a file, a
 * CI log) each distinct line is printed once on a line of its own instead, so a log shows every
 * step and no control characters. Never writes to standard output, which stays the command's result.
 */
public final class ProgressBar {
    /** Width of the bar between the brackets. */
    static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private String last = "";
    private int drawn;

    /**
     * @param err      standard error
     * @param terminal whether it is a terminal (redraw in place) or not (one line per change)
     */
    public ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** The text of a bar at {@code fraction} (clamped to 0..1) followed by {@code words}. */
    public static String line(double fraction, String words) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        int full = (int) Math.round(f * WIDTH);
        return "[" + "#".repeat(full) + "-".repeat(WIDTH - full) + "] "
                + String.format(Locale.ROOT, "%3.0f%%", f * 100) + (words == null || words.isBlank() ? "" : "  " + words);
    }

    /** Shows the bar at {@code fraction} with {@code words}; nothing when the line has not changed. */
    public void update(double fraction, String words) {
        String l = line(fraction, words);
        if (l.equals(last)) {
            return;
        }
        last = l;
        if (terminal) {
            err.print("\r" + l + " ".repeat(Math.max(0, drawn - l.length())));
            drawn = l.length();
        } else {
            err.println(l);
        }
        err.flush();
    }

    /** Ends the bar's line, so that what follows starts on a new one. */
    public void finish() {
        if (terminal && drawn > 0) {
            err.println();
            err.flush();
        }
        drawn = 0;
    }
}
