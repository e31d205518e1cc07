package dev.hpm.core.loop;

import dev.hpm.core.cpu.ShareLedger.Original;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which settings from before HPM a controller that (re)gains a host restores ({@link Originals}). */
class OriginalsTest {
    private static final double UNCAPPED = Double.POSITIVE_INFINITY;

    @Test
    void resolve_storedAndKnown_storedWins() {
        Map<String, Original> stored = Map.of("u1", new Original(700, 1.5));
        Map<String, Original> known = Map.of("u1", new Original(2600, UNCAPPED));

        assertThat(Originals.resolve(stored, known)).containsExactlyEntriesOf(Map.of("u1", new Original(700, 1.5)));
    }

    @Test
    void resolve_onlyKnown_knownKept() {
        Map<String, Original> known = Map.of("u2", new Original(1024, UNCAPPED));

        assertThat(Originals.resolve(Map.of("u1", new Original(700, UNCAPPED)), known))
                .containsOnlyKeys("u1", "u2")
                .containsEntry("u2", new Original(1024, UNCAPPED));
    }

    @Test
    void resolve_neither_nothing() {
        assertThat(Originals.resolve(Map.of(), Map.of())).isEmpty();
    }
}
