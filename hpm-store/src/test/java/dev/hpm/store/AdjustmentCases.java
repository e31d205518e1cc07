package dev.hpm.store;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.cpu.ClassProjection;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.cpu.ShareChange.Role;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Importance;
import dev.hpm.store.AdjustmentRepository.Query;
import dev.hpm.store.AdjustmentRepository.Stored;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Dynamic resource adjustments: exact round trip and the query filters. */
abstract class AdjustmentCases extends StoreTestBase {
    static final Instant T = Instant.parse("2026-03-01T10:00:00.123Z");
    static final ClassKey ONLINE = new ClassKey("Trading", "online");
    static final ClassKey BATCH = new ClassKey("Batch", "batch");
    static final ClassKey WEB = new ClassKey("Web", "web");

    AdjustmentCases(TestDatabase database) {
        super(database);
    }

    /** An adjustment with every kind of part: donors of each sort, caps +∞ and finite, a restore, a NaN PI. */
    static Adjustment adjustment(String host, ClassKey receiver, ClassKey donor, String donorServer) {
        return new Adjustment(host,
                new ClassProjection(receiver, Importance.HIGHEST, false, 2.2843719, 0.8999999999999999),
                List.of(new ClassProjection(donor, Importance.LOWEST, true, 0.81, 0.81),
                        new ClassProjection(WEB, Importance.MEDIUM, false, 0.41234, Double.NaN)),
                List.of(new ShareChange("u-1", "trade-1", receiver, Role.RECEIVER, 1024, 2588, Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY),
                        new ShareChange("u-2", donorServer, donor, Role.DONOR, 1024, 16, 2.0, 1.25),
                        new ShareChange("u-3", "old-vm", null, Role.RESTORE, 300, 1024, 0.5, Double.POSITIVE_INFINITY)),
                receiver + " (highest, velocity goal 70) missed its goal with PI 2.28: moved 1564 shares from "
                        + donor + " (discretionary); projected PI 0.90");
    }

    private AdjustmentRepository adjustments() {
        return store.adjustments();
    }

    @Test
    void append_roundTripsTheAdjustmentExactly() {
        Adjustment a = adjustment("kvm1", ONLINE, BATCH, "batch-1");

        adjustments().append(T, a);

        assertThat(adjustments().query(new Query(null, null, null, null, null, 10))).singleElement().satisfies(s -> {
            assertThat(s.at()).isEqualTo(T);
            assertThat(s.adjustment()).isEqualTo(a);
            assertThat(s.adjustment().changes().getFirst().capAfter()).isInfinite();
            assertThat(s.adjustment().donors().get(1).piProjected()).isNaN();
        });
    }

    @Test
    void achieved_setsThePiAchievedOfThatAdjustmentOnly_otherStaysUnknown() {
        long first = adjustments().append(T, adjustment("kvm1", ONLINE, BATCH, "batch-1"));
        long second = adjustments().append(T.plusSeconds(10), adjustment("kvm1", ONLINE, BATCH, "batch-1"));

        adjustments().achieved(first, 0.93);

        List<AdjustmentRepository.Stored> stored = adjustments().query(new Query(null, null, null, null, null, 10));
        assertThat(stored).extracting(AdjustmentRepository.Stored::id).containsExactly(second, first);
        assertThat(stored.get(1).piAchieved()).isEqualTo(0.93);
        assertThat(stored.get(0).piAchieved()).isNaN();
    }

    @Test
    void query_isNewestFirstWithinTheRangeAndLimited() {
        for (int i = 0; i < 5; i++) {
            adjustments().append(T.plusSeconds(10L * i), adjustment("kvm" + i, ONLINE, BATCH, "b"));
        }

        assertThat(adjustments().query(new Query(T.plusSeconds(10), T.plusSeconds(40), null, null, null, 10)))
                .extracting(s -> s.adjustment().host()).containsExactly("kvm3", "kvm2", "kvm1");
        assertThat(adjustments().query(new Query(null, null, null, null, null, 2)))
                .extracting(s -> s.adjustment().host()).containsExactly("kvm4", "kvm3");
        List<Stored> all = adjustments().query(new Query(null, null, null, null, null, 0));
        assertThat(all).hasSize(5);
        assertThat(all.getFirst().id()).isGreaterThan(all.getLast().id());
    }

    @Test
    void query_byHostGroupOrServer() {
        adjustments().append(T, adjustment("kvm1", ONLINE, BATCH, "batch-1"));
        adjustments().append(T.plusSeconds(10), adjustment("kvm2", WEB, BATCH, "batch-2"));
        adjustments().append(T.plusSeconds(20), adjustment("kvm1", new ClassKey("Gold", "gold"),
                new ClassKey("Scratch", "any"), "scratch-1"));

        assertThat(hosts(new Query(null, null, "kvm1", null, null, 10))).containsExactly("kvm1", "kvm1");
        assertThat(receivers(new Query(null, null, null, "Trading", null, 10))).containsExactly("Trading");
        assertThat(receivers(new Query(null, null, null, "Batch", null, 10)))
                .as("a donor's group matches too").containsExactly("Web", "Trading");
        assertThat(receivers(new Query(null, null, null, null, "batch-2", 10))).as("by server name").containsExactly("Web");
        assertThat(receivers(new Query(null, null, null, null, "u-2", 10))).as("by UUID").hasSize(3);
        assertThat(receivers(new Query(null, null, "kvm1", "Batch", "batch-1", 10))).containsExactly("Trading");
        assertThat(receivers(new Query(null, null, null, "Nobody", null, 10))).isEmpty();
    }

    @Test
    void purgeBefore_deletesOlderAdjustmentsWithTheirParts() {
        adjustments().append(T, adjustment("kvm1", ONLINE, BATCH, "old"));
        adjustments().append(T.plusSeconds(60), adjustment("kvm1", ONLINE, BATCH, "new"));

        assertThat(store.history().purgeBefore(T.plusSeconds(30))).isEqualTo(1);

        assertThat(adjustments().query(new Query(null, null, null, null, null, 10))).singleElement()
                .satisfies(s -> assertThat(s.adjustment().changes().get(1).name()).isEqualTo("new"));
        assertThat(adjustments().query(new Query(null, null, null, null, "old", 10))).isEmpty();
    }

    private List<String> hosts(Query q) {
        return adjustments().query(q).stream().map(s -> s.adjustment().host()).toList();
    }

    private List<String> receivers(Query q) {
        return adjustments().query(q).stream().map(s -> s.adjustment().receiver().serviceClass().group()).toList();
    }
}
