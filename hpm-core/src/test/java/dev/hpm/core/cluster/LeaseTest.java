package dev.hpm.core.cluster;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void validAt_beforeExpiry_trueAndAtExpiry_false() {
        Lease lease = Lease.free("h").acquiredBy("a", T, T.plusSeconds(15));

        assertThat(lease.validAt(T.plusSeconds(14))).isTrue();
        assertThat(lease.validAt(T.plusSeconds(15))).isFalse();
        assertThat(lease.heldBy("b", T)).isFalse();
    }

    @Test
    void acquiredBy_everyChangeOfOwner_raisesTheEpoch() {
        Lease first = Lease.free("h").acquiredBy("a", T, T.plusSeconds(15));
        Lease second = first.acquiredBy("b", T.plusSeconds(20), T.plusSeconds(35));

        assertThat(first.epoch()).isEqualTo(1);
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(second.owner()).isEqualTo("b");
    }

    @Test
    void renewed_sameOwner_keepsTheEpoch() {
        Lease lease = Lease.free("h").acquiredBy("a", T, T.plusSeconds(15)).renewed(T.plusSeconds(5), T.plusSeconds(20));

        assertThat(lease.epoch()).isEqualTo(1);
        assertThat(lease.expires()).isEqualTo(T.plusSeconds(20));
    }

    @Test
    void acquiredBy_validLease_isRefused() {
        Lease lease = Lease.free("h").acquiredBy("a", T, T.plusSeconds(15));

        assertThatThrownBy(() -> lease.acquiredBy("b", T.plusSeconds(1), T.plusSeconds(16)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("leased to a");
    }
}
