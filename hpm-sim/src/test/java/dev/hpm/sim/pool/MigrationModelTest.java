package dev.hpm.sim.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MigrationModelTest {
    @Test
    void seconds_cloudSimRule_isRamOverHalfTheLink() {
        MigrationModel m = MigrationModel.cloudSim(1000);
        assertThat(m.bandwidthMbPerS()).isEqualTo(62.5);
        // cloudsim.md §3.1: 9.808 s (613 MB), 13.92 s (870 MB), 27.84 s (1740 MB)
        assertThat(m.seconds(613)).isCloseTo(9.808, within(1e-12));
        assertThat(m.seconds(870)).isCloseTo(13.92, within(1e-12));
        assertThat(m.seconds(1740)).isCloseTo(27.84, within(1e-12));
        assertThat(m.rounds(870).downtimeSeconds()).isZero();
        assertThat(m.degradation()).isEqualTo(0.1);
        assertThat(m.targetShare()).isEqualTo(0.1);
    }

    @Test
    void rounds_converging_stopsWhenWhatIsLeftIsSmall() {
        // 1000 MB at 100 MB/s, 20 MB/s dirtied: 10 s (200 MB dirtied), 2 s (40), 0.4 s (8 <= 10):
        // stop-and-copy of 8 MB takes 0.08 s; 12.48 s in all
        MigrationModel m = new MigrationModel(100, 20, 30, 10, 0.1, 0.1);
        MigrationModel.Rounds r = m.rounds(1000);
        assertThat(r.sentMb()).containsExactly(1000, 200, 40, 8);
        assertThat(r.seconds()).isCloseTo(12.48, within(1e-9));
        assertThat(r.downtimeSeconds()).isCloseTo(0.08, within(1e-12));
    }

    @Test
    void rounds_dirtyingAsFastAsTheLink_stopsAfterTheFirstRound() {
        // 1000 MB at 100 MB/s while 150 MB/s are dirtied: never converges; the whole memory is copied again paused
        MigrationModel.Rounds r = new MigrationModel(100, 150, 30, 10, 0.1, 0.1).rounds(1000);
        assertThat(r.sentMb()).containsExactly(1000, 1000);
        assertThat(r.seconds()).isCloseTo(20, within(1e-9));
        assertThat(r.downtimeSeconds()).isCloseTo(10, within(1e-9));
    }

    @Test
    void rounds_roundLimit_endsWithStopAndCopy() {
        // 2 rounds: 10 s (200 MB dirtied), 2 s (40 MB left), then 0.4 s paused
        MigrationModel.Rounds r = new MigrationModel(100, 20, 2, 1, 0.1, 0.1).rounds(1000);
        assertThat(r.sentMb()).containsExactly(1000, 200, 40);
        assertThat(r.seconds()).isCloseTo(12.4, within(1e-9));
    }

    @Test
    void constructor_badValues_nameTheFieldAndValue() {
        assertThatThrownBy(() -> new MigrationModel(0, 0, 1, 0, 0.1, 0.1)).hasMessage("migration bandwidth must be above 0 MB/s, was 0.0");
        assertThatThrownBy(() -> new MigrationModel(1, -1, 1, 0, 0.1, 0.1)).hasMessage("dirty rate must be at least 0 MB/s, was -1.0");
        assertThatThrownBy(() -> new MigrationModel(1, 0, 0, 0, 0.1, 0.1)).hasMessage("pre-copy needs at least 1 round, was 0");
    }
}
