package dev.hpm.libvirt.pool;

import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.Problem;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.JobStats;
import dev.hpm.libvirt.Migration;
import dev.hpm.libvirt.MigrationFlag;
import dev.hpm.libvirt.TypedParam;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveMigrationSettingsTest {
    @Test
    void constructor_everyBadValue_namedWithItsFix() {
        assertThatThrownBy(() -> new LiveMigrationSettings(0, Duration.ZERO, true, Duration.ofMillis(10),
                Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.problems())
                        .extracting(Problem::field).containsExactly("live-migration.bandwidth",
                                "live-migration.max-downtime", "live-migration.timeout", "live-migration.poll-interval"))
                .hasMessageContaining("live-migration.bandwidth is 0")
                .hasMessageContaining("from 1 to 1000000")
                .hasMessageContaining("use 1 s to 1 day");
    }

    @Test
    void defaults_areValid_andWithersKeepTheRest() {
        LiveMigrationSettings s = LiveMigrationSettings.DEFAULT.withBandwidth(8).withTimeout(Duration.ofSeconds(30));
        assertThat(s.bandwidthMibPerSecond()).isEqualTo(8);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxDowntime()).isEqualTo(Duration.ofMillis(300));
        assertThat(s.autoConverge()).isTrue();
        assertThat(s.withBandwidthOf(dev.hpm.core.dwm.DwmPolicy.MigrationLimits.DEFAULT).bandwidthMibPerSecond())
                .as("the policy's 62.5 MB/s").isEqualTo(63);
        assertThat(s.withBandwidthOf(new dev.hpm.core.dwm.DwmPolicy.MigrationLimits(1, 1, 0.2))
                .bandwidthMibPerSecond()).isEqualTo(1);
    }

    @Test
    void migration_isLivePeerToPeerCappedAutoConvergingToTheDestinationsMigrationUri() {
        LiveMigration m = new LiveMigration("g", new LibvirtPoolActuator.MigrationHost("a", "qemu+unix:///a", null),
                new LibvirtPoolActuator.MigrationHost("b", "qemu+unix:///b", "tcp://10.0.0.2"),
                LiveMigrationSettings.DEFAULT.withBandwidth(16), Timebase.system());
        Migration call = m.migration();
        assertThat(call.destinationUri()).isEqualTo("qemu+unix:///b");
        assertThat(call.flags()).containsExactlyInAnyOrder(MigrationFlag.LIVE, MigrationFlag.PEER2PEER,
                MigrationFlag.PERSIST_DEST, MigrationFlag.UNDEFINE_SOURCE, MigrationFlag.AUTO_CONVERGE);
        assertThat(call.parameters()).containsExactly(new TypedParam.ULLongValue(Migration.PARAM_BANDWIDTH, 16),
                new TypedParam.StringValue(Migration.PARAM_URI, "tcp://10.0.0.2"));
    }

    @Test
    void progress_shareOfDataNoLongerRemaining_emptyWithoutTotals() {
        JobStats running = new JobStats(JobStats.UNBOUNDED, List.of(new TypedParam.ULLongValue("data_total", 400),
                new TypedParam.ULLongValue("data_remaining", 100), new TypedParam.ULLongValue("data_processed", 7)));
        assertThat(running.active()).isTrue();
        assertThat(running.progress()).hasValue(0.75);
        assertThat(new JobStats(JobStats.NONE, List.of()).progress()).isEmpty();
        assertThat(new JobStats(JobStats.NONE, List.of()).active()).isFalse();
    }
}
