package dev.hpm.store;

import dev.hpm.core.cpu.ShareLedger.Original;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings from before HPM ({@link OriginalsRepository}), on each database. */
abstract class OriginalsCases extends StoreTestBase {
    private static final double UNCAPPED = Double.POSITIVE_INFINITY;

    OriginalsCases(TestDatabase db) {
        super(db);
    }

    private OriginalsRepository originals() {
        return store.originals();
    }

    @Test
    void load_recordedOnTwoHosts_eachHostItsOwn() {
        originals().record("qemu+ssh://a/system", "u1", new Original(1024, UNCAPPED));
        originals().record("qemu+ssh://a/system", "u2", new Original(700, 1.5));
        originals().record("qemu+ssh://b/system", "u3", new Original(2048, UNCAPPED));

        assertThat(originals().load("qemu+ssh://a/system")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "u1", new Original(1024, UNCAPPED), "u2", new Original(700, 1.5)));
        assertThat(originals().load("qemu+ssh://b/system")).containsOnlyKeys("u3");
        assertThat(originals().load("qemu+ssh://c/system")).isEmpty();
    }

    @Test
    void record_twice_firstOriginalStands() {
        originals().record("h", "u1", new Original(1024, UNCAPPED));
        originals().record("h", "u1", new Original(2600, 0.5));

        assertThat(originals().load("h")).containsExactlyEntriesOf(Map.of("u1", new Original(1024, UNCAPPED)));
    }

    @Test
    void forget_recorded_goneOnlyForThatServer() {
        originals().record("h", "u1", new Original(1024, UNCAPPED));
        originals().record("h", "u2", new Original(700, UNCAPPED));

        originals().forget("h", "u1");
        originals().forget("h", "never-recorded");

        assertThat(originals().load("h")).containsOnlyKeys("u2");
    }

    @Test
    void load_afterReopen_survivesTheProcess() {
        originals().record("h", "u1", new Original(512, 2.0));
        store.close();
        store = Stores.open(settings, clock);

        assertThat(store.originals().load("h")).containsExactlyEntriesOf(Map.of("u1", new Original(512, 2.0)));
    }
}
