package dev.hpm.core.dwm;

import java.util.List;

/**
 * How far a host's maintenance has got: {@code moved} of {@code total} servers are off it (moved or
 * shut down), and for each one left, why it is still there.
 */
public record MaintenanceProgress(String host, int moved, int total, List<Left> left) {
    public MaintenanceProgress {
        left = List.copyOf(left);
    }

    /** A server still on the host and why. */
    public record Left(String server, String why) {
    }

    public boolean done() {
        return left.isEmpty();
    }

    @Override
    public String toString() {
        return host + ": " + moved + " of " + total + " moved" + (left.isEmpty() ? "" : ", left: " + left);
    }
}
