package dev.hpm.core.dwm;

import java.util.List;

/**
 * One step of a {@link Plan}. {@code after} lists the ids of actions that must finish first
 * (a migration onto a host waits for its power-on; a power-off waits for the host's last
 * migration away).
 */
public sealed interface PoolAction {
    String id();

    List<String> after();

    Reason reason();

    /**
     * What the action does, without why or when: its kind, server and hosts ("migrate web-1 from h1
     * to h2"). Two plans whose actions do the same, in the same order, are the same recommendation.
     */
    default String step() {
        return switch (this) {
            case Migrate m -> "migrate " + m.server() + " from " + m.from() + " to " + m.to();
            case PowerOn on -> "power on " + on.host();
            case PowerOff off -> "power off " + off.host();
            case Shutdown sd -> "shut down " + sd.server() + " on " + sd.host();
        };
    }

    /** Live-migrate {@code server} from {@code from} to {@code to}. */
    record Migrate(String id, String server, String from, String to, List<String> after, Reason reason,
                   Effect effect) implements PoolAction {
        public Migrate {
            after = List.copyOf(after);
        }
    }

    /** Power a host on. */
    record PowerOn(String id, String host, List<String> after, Reason reason) implements PoolAction {
        public PowerOn {
            after = List.copyOf(after);
        }
    }

    /** Power an empty host off. */
    record PowerOff(String id, String host, List<String> after, Reason reason) implements PoolAction {
        public PowerOff {
            after = List.copyOf(after);
        }
    }

    /** Shut a server down (maintenance with the shut-down setting). */
    record Shutdown(String id, String server, String host, List<String> after, Reason reason) implements PoolAction {
        public Shutdown {
            after = List.copyOf(after);
        }
    }

    /**
     * A migration's projected before and after: the CPU utilisation of source and destination
     * and the worst PI of the classes it touches, before → after.
     */
    record Effect(double sourceCpuBefore, double sourceCpuAfter, double targetCpuBefore, double targetCpuAfter,
                  double piBefore, double piAfter, double seconds) {
    }
}
