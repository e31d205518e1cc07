package dev.hpm.core.dwm;

import dev.hpm.core.dwm.DwmPolicy.HostRule;
import dev.hpm.core.dwm.DwmPolicy.Strength;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static dev.hpm.core.dwm.TestPool.SILVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Placement ranks hosts for a new server and explains each rank; non-candidates say why. */
class PlacementTest {
    static final Placement.NewServer NEW = new Placement.NewServer("new", 2, 2, 1024, 1.0, 1024, SILVER);

    static TestPool pool() {
        return new TestPool().host("busy", 4).host("quiet", 4).host("maint", 4).host("off", 4, PowerState.OFF)
                .host("boot", 4, PowerState.BOOTING).host("full", 4)
                .host(new PoolHost("gone", 4, 4, 16_384, PowerState.ON, false, false, PowerModel.HP_PROLIANT_ML110_G5))
                .host(new PoolHost("tiny", 4, 4, 512, PowerState.ON, false, true, PowerModel.HP_PROLIANT_ML110_G5))
                .change("maint", h -> h.withMaintenance(true))
                .server("a", "busy", 2.0).server("b", "quiet", 0.5).server("c", "full", 1.25).server("c2", "full", 1.25);
    }

    @Test
    void rank_bestFitFirst_eachRankExplained() {
        Placement.Ranking r = DwmPlanner.goalAware(TestPool.POLICY).rank(pool().at(0), NEW);
        assertThat(r.candidates()).extracting(Placement.HostRank::host).containsExactly("busy", "quiet");
        Placement.HostRank first = r.candidates().getFirst();
        assertThat(first.rank()).isEqualTo(1);
        assertThat(first.freeCpuAfter()).isCloseTo(0.2, within(1e-9));
        assertThat(first.vcpuOvercommit()).isEqualTo(1.0);
        assertThat(first.why()).contains("0.20 CPU units free after").contains("worst goal PI 0.50");
    }

    @Test
    void rank_nonCandidatesSayWhy() {
        Placement.Ranking r = DwmPlanner.goalAware(TestPool.POLICY).rank(pool().at(0), NEW);
        assertThat(r.excluded()).extracting(Placement.NotCandidate::host, Placement.NotCandidate::why).containsExactly(
                org.assertj.core.groups.Tuple.tuple("maint", "in maintenance"),
                org.assertj.core.groups.Tuple.tuple("off", "powered off"),
                org.assertj.core.groups.Tuple.tuple("boot", "powered booting"),
                org.assertj.core.groups.Tuple.tuple("full", "would be loaded: 88 % with headroom, threshold 80 %"),
                org.assertj.core.groups.Tuple.tuple("gone", "unreachable"),
                org.assertj.core.groups.Tuple.tuple("tiny", "memory: 512 MB free, 1024 MB needed"));
    }

    @Test
    void rank_mustRuleExcludes_shouldRuleCosts() {
        DwmPolicy policy = TestPool.POLICY.withRules(new DwmPolicy.Rules(List.of(), List.of(
                new HostRule("not-busy", "new", Set.of("busy"), true, Strength.SHOULD))));
        Placement.Ranking r = DwmPlanner.goalAware(policy).rank(pool().at(0), NEW);
        assertThat(r.candidates()).extracting(Placement.HostRank::host).containsExactly("quiet", "busy");
        assertThat(r.candidates().get(1).shouldBroken()).isEqualTo(1);
        DwmPolicy must = TestPool.POLICY.withRules(new DwmPolicy.Rules(List.of(), List.of(
                new HostRule("only-quiet", "new", Set.of("quiet"), false, Strength.MUST))));
        Placement.Ranking m = DwmPlanner.goalAware(must).rank(pool().at(0), NEW);
        assertThat(m.candidates()).extracting(Placement.HostRank::host).containsExactly("quiet");
        assertThat(m.excluded()).anyMatch(n -> n.host().equals("busy") && n.why().contains("must rule only-quiet"));
    }

    @Test
    void demandHistory_forecastFollowsTheTrend() {
        DemandHistory h = new DemandHistory(Duration.ofHours(1));
        for (int i = 0; i < 4; i++) {
            h.observePool(Instant.EPOCH.plusSeconds(300L * i), 10 + 2 * i);
        }
        assertThat(h.poolForecast(Duration.ofMinutes(10))).isCloseTo(20, within(1e-9));
        h.observe("a", Instant.EPOCH, 1);
        h.observe("a", Instant.EPOCH.plusSeconds(300), 3);
        assertThat(h.mean("a")).isEqualTo(2);
        assertThat(h.variance("a")).isEqualTo(2);
    }

    @Test
    void fitsAtAll_busyServerWhoseDemandVaries_needsNoMoreThanItsVcpus() {
        TestPool pool = new TestPool().host("a", 4).host("b", 4)
                .server(new PoolServer("spin", "a", 1, 1.0, 1024, 1.0, 1024, SILVER, Double.NaN, false));
        DemandHistory history = new DemandHistory(Duration.ofHours(1));
        history.observe("spin", Instant.EPOCH, 0.9);
        history.observe("spin", Instant.EPOCH.plusSeconds(300), 1.0);
        PoolState state = new PoolState(pool.at(0), TestPool.POLICY, history, 1.0);
        assertThat(state.headroomDemand(0)).as("mean plus a deviation, bound by one vCPU").isEqualTo(1.0);
        assertThat(state.fitsAtAll(0, 1)).as("one vCPU's worth fits on a host whose CPUs are as fast").isTrue();
    }
}
