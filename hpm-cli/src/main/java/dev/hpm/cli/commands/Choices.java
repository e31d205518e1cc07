package dev.hpm.cli.commands;

import java.util.Iterator;
import java.util.List;

/** The words some options take, for completion and help; the server validates them (except where noted). */
final class Choices {
    static final List<String> STATUSES = List.of("on-goal", "missing-goal", "no-goal", "idle", "no-data", "not-managed");

    private Choices() {
    }

    static final class Importances implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("highest", "high", "medium", "low", "lowest").iterator();
        }
    }

    static final class Levels implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("none", "monitor", "manage", "default").iterator();
        }
    }

    static final class Roles implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("viewer", "admin").iterator();
        }
    }

    /** Goal statuses; checked here, as the server answers an unknown one with an empty list. */
    static final class Statuses implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return STATUSES.iterator();
        }
    }

    static final class MetricKinds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("hypervisor", "wrg", "vs").iterator();
        }
    }
}
