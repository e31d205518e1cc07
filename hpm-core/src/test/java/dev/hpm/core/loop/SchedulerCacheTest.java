package dev.hpm.core.loop;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DomainStatsDecoder;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.NodeInfo;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.measure.VsDelta;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Scheduler parameters are read when first seen, after a reset, and every refresh period; HPM's changes are kept. */
class SchedulerCacheTest {
    /** Answers every read with {@code shares}, counting the reads; fails while {@code failing}. */
    static final class Driver implements HypervisorDriver {
        long shares = 1024;
        int reads;
        boolean failing;

        @Override
        public SchedulerParameters schedulerParameters(String uuid) {
            if (failing) {
                throw new DriverException(38, "Cannot recv data");
            }
            reads++;
            return SchedulerParameters.defaults().with(SchedulerUpdate.shares(shares));
        }

        @Override
        public String uri() {
            return "test://";
        }

        @Override
        public NodeInfo nodeInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public NodeCpuStats nodeCpuStats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DomainSample> domainStats(Set<StatsGroup> groups) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateScheduler(String uuid, SchedulerUpdate update, Set<Affect> affect) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    final Driver driver = new Driver();
    final SchedulerCache cache = new SchedulerCache(driver, 3);

    static List<VsDelta> delta(SampleStatus status) {
        DomainSample sample = new DomainStatsDecoder().begin("u1", "vs-1", 0)
                .field("state.state", DomainSample.STATE_RUNNING).build();
        return List.of(new VsDelta("u1", "vs-1", status, 0, 0, 0, 0, 1, sample));
    }

    @Test
    void refresh_readsWhenFirstSeen_thenEveryRefreshPeriod() {
        List<String> errors = new ArrayList<>();
        for (long i = 1; i <= 7; i++) {
            cache.refresh(delta(SampleStatus.MEASURED), i, errors);
        }
        assertThat(driver.reads).isEqualTo(3); // intervals 1, 4 and 7
        assertThat(errors).isEmpty();
    }

    @Test
    void refresh_afterACounterReset_readsAgainAtOnce() {
        List<String> errors = new ArrayList<>();
        cache.refresh(delta(SampleStatus.MEASURED), 1, errors);
        driver.shares = 300;
        cache.refresh(delta(SampleStatus.RESTARTED), 2, errors);

        assertThat(driver.reads).isEqualTo(2);
        assertThat(cache.getOrDefault("u1").cpuShares()).isEqualTo(300);
    }

    @Test
    void refresh_readFails_saysWhichServer_andKeepsWhatWasKnown() {
        List<String> errors = new ArrayList<>();
        driver.shares = 500;
        cache.refresh(delta(SampleStatus.MEASURED), 1, errors);
        driver.failing = true;
        cache.refresh(delta(SampleStatus.MEASURED), 4, errors);

        assertThat(errors).singleElement().asString().startsWith("vs-1: reading scheduler parameters: ");
        assertThat(cache.get("u1").cpuShares()).isEqualTo(500);
    }

    @Test
    void applied_updatesWhatIsKnown_evenBeforeAnyRead() {
        cache.applied("u2", SchedulerUpdate.shares(2048));

        assertThat(cache.get("u2").cpuShares()).isEqualTo(2048);
        assertThat(driver.reads).isZero();
    }

    @Test
    void retainAll_forgetsServersThatAreGone_soTheyAreReadAgainIfTheyReturn() {
        List<String> errors = new ArrayList<>();
        cache.refresh(delta(SampleStatus.MEASURED), 1, errors);
        cache.retainAll(Set.of());
        assertThat(cache.get("u1")).isNull();
        assertThat(cache.getOrDefault("u1")).isEqualTo(SchedulerParameters.defaults());

        cache.refresh(delta(SampleStatus.MEASURED), 2, errors);
        assertThat(driver.reads).isEqualTo(2);
    }
}
