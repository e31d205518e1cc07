package dev.hpm.core.cluster;

import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.time.Timebase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseGuardTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Timebase time = Timebase.of(nanos::get, () -> Instant.EPOCH.plusNanos(nanos.get()));
    private final LeaseGuard guard = new LeaseGuard(time);
    private final ClusterSettings settings = ClusterSettings.forInterval(Duration.ofSeconds(10));

    @Test
    void epoch_withinTheActingWindow_isTheConfirmedEpoch() {
        guard.confirmed("h", 4, nanos.get(), settings.actWithin().toNanos());
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());

        assertThat(guard.epoch("h")).contains(4L);
        assertThat(guard.hosts()).containsExactly("h");
    }

    @Test
    void epoch_renewalLate_hostDropsOutBeforeTheLeaseExpires() {
        long sent = nanos.get();
        guard.confirmed("h", 4, sent, settings.actWithin().toNanos());
        nanos.addAndGet(settings.actWithin().toNanos());

        assertThat(guard.epoch("h")).isEmpty();
        assertThat(settings.actWithin()).isLessThan(settings.lease());
    }

    @Test
    void forInterval_tenSeconds_leaseOfTenRenewedEveryTwo() {
        assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.renewEvery()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.actWithin()).isEqualTo(Duration.ofMillis(6667).minusNanos(333_334));
        assertThat(settings.actWithin().dividedBy(settings.renewEvery())).as("renewals within the acting window")
                .isEqualTo(3);
    }

    @Test
    void forInterval_oneSecond_renewsNoFasterThanEvery200ms() {
        ClusterSettings s = ClusterSettings.forInterval(Duration.ofSeconds(1));

        assertThat(s.renewEvery()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.lease()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void updateScheduler_withoutALease_isNotMadeAndWithOne_isLoggedWithItsEpoch() {
        List<String> made = new ArrayList<>();
        List<String> logged = new ArrayList<>();
        HypervisorDriver inner = new RecordingDriver(made);
        FencedDriver fenced = new FencedDriver("h", inner, guard, (host, epoch, what) -> logged.add(host + "@" + epoch));

        assertThatThrownBy(() -> fenced.updateScheduler("vm", SchedulerUpdate.shares(2048),
                EnumSet.of(HypervisorDriver.Affect.LIVE))).isInstanceOf(FencedException.class)
                .hasMessageContaining("holds no valid lease");
        guard.confirmed("h", 7, nanos.get(), settings.actWithin().toNanos());
        fenced.updateScheduler("vm", SchedulerUpdate.shares(2048), EnumSet.of(HypervisorDriver.Affect.LIVE));

        assertThat(made).containsExactly("vm");
        assertThat(logged).containsExactly("h@7");
    }
}
