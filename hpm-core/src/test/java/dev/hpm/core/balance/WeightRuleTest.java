package dev.hpm.core.balance;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per rule of the weight formula (docs/workload-balancing.md). */
class WeightRuleTest {
    static final WeightRule RULE = WeightRule.DEFAULT;

    static MemberWeight one(MemberInput in) {
        return RULE.weigh(List.of(in), Map.of()).getFirst();
    }

    static MemberWeight after(MemberWeight previous, MemberInput in) {
        return RULE.weigh(List.of(in), Map.of(in.member(), previous)).getFirst();
    }

    @Test
    void capacity_moreHeadroomGivesMoreWeight() {
        MemberWeight idle = one(MemberInput.running("a", 0.5, 2, 1.0));
        MemberWeight half = one(MemberInput.running("b", 0.5, 2, 0.5));
        MemberWeight full = one(MemberInput.running("c", 0.5, 2, 0.0));
        assertThat(idle.weight()).isEqualTo(100);
        assertThat(half.weight()).isEqualTo(75);
        assertThat(full.weight()).isEqualTo(50);
        assertThat(half.terms()).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("capacity");
            assertThat(t.value()).isEqualTo(0.75);
        });
    }

    @Test
    void capacity_equalOrHigherImportanceMissingOnTheHost_noHeadroomCredit() {
        MemberWeight w = one(MemberInput.running("a", 0.5, 2, 0.8).withProtectedMissing(true));
        assertThat(w.weight()).isEqualTo(50);
        assertThat(w.reason()).contains("equal or higher importance misses its goal");
    }

    /** A response-time member on an 8-CPU host with half its CPUs spare whose VS got and wanted 1.9 CPUs of its 2 vCPUs. */
    static MemberInput vcpuBound(String name, double pi) {
        return MemberInput.running(name, pi, 2, 0.5).withLoad(new MemberInput.ServerLoad(1.9, 1.9, 2.0, 8));
    }

    @Test
    void responseTime_classNearItsGoalGetsLessThanEqualHeadroomFarFromIt() {
        MemberWeight near = one(vcpuBound("near", 0.9));
        MemberWeight far = one(vcpuBound("far", 0.3));
        // near: PI 0.9 reaches 1 at 2 / (0.9 · 1.9) = 1.17 × its traffic: 0.17 · 1.9 CPUs = 4 % of 8
        assertThat(near.weight()).isEqualTo(52);
        assertThat(far.weight()).as("room beyond the host's 50 % headroom: the headroom").isEqualTo(75);
        assertThat(near.terms()).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("response-time");
            assertThat(t.value()).isCloseTo(0.0403, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(t.reason()).contains("reaches 1 at 1.17 × its traffic").contains("4 % of its host's CPUs");
        });
        assertThat(near.reason()).contains("capacity 0.52: its host has 50 % of its CPUs spare, its class's response time"
                + " leaves room for 4 %");
    }

    @Test
    void responseTime_cpuStillWithinReach_theHostsHeadroom() {
        // got its whole 1 CPU, could get 5: traffic may grow 5 / 0.95 = 5.3 × before PI 1, more than the spare 4 CPUs
        MemberWeight w = one(MemberInput.running("a", 0.95, 2, 0.5).withLoad(new MemberInput.ServerLoad(1, 1, 5, 8)));
        assertThat(w.weight()).isEqualTo(75);
        assertThat(w.reason()).contains("response-time 0.53").contains("capacity 0.75: its host has 50 % of its CPUs spare;");
    }

    @Test
    void responseTime_notCpuBound_noRoom() {
        // PI 2 although it got all it wanted: no traffic keeps it on goal, only half the headroom's credit is left (0)
        MemberWeight w = one(MemberInput.running("a", 2.0, 2, 0.5).withLoad(new MemberInput.ServerLoad(1, 1, 5, 8)));
        assertThat(w.terms()).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("response-time");
            assertThat(t.value()).isZero();
            assertThat(t.reason()).contains("1 or more already");
        });
        assertThat(w.target()).as("100 × 0.5 × 1/4").isEqualTo(13);
    }

    @Test
    void responseTime_withoutLoad_theHostsHeadroom() {
        assertThat(one(MemberInput.running("a", 0.9, 2, 0.5)).terms()).noneMatch(t -> t.name().equals("response-time"));
        assertThat(one(MemberInput.running("a", 0.9, 2, 0.5)).weight()).isEqualTo(75);
    }

    @Test
    void goal_classMissingItsGoalGetsLess() {
        MemberWeight meets = one(MemberInput.running("a", 0.9, 2, 0.5));
        MemberWeight misses = one(MemberInput.running("b", 2.0, 2, 0.5));
        assertThat(meets.weight()).isEqualTo(75);
        assertThat(misses.weight()).as("75 / PI²").isEqualTo(19);
        assertThat(misses.reason()).contains("misses its goal (PI 2.00)");
    }

    @Test
    void goal_noPerformanceIndex_noPenalty() {
        assertThat(one(MemberInput.running("a", Double.NaN, 5, 0.5)).weight()).isEqualTo(75);
    }

    @Test
    void smoothing_takesTheGivenShareOfTheWayToTheTarget() {
        MemberWeight first = one(MemberInput.running("a", 0.5, 2, 1.0));
        MemberWeight next = after(first, MemberInput.running("a", 0.5, 2, 0.6));
        assertThat(next.target()).isEqualTo(80);
        assertThat(next.weight()).as("halfway from 100 to 80").isEqualTo(90);
    }

    @Test
    void bound_changesByAtMostMaxStepPerInterval() {
        MemberWeight first = one(MemberInput.running("a", 0.5, 2, 1.0));
        MemberWeight next = after(first, MemberInput.running("a", 4.0, 2, 0.0));
        assertThat(next.target()).isEqualTo(3);
        assertThat(next.weight()).isEqualTo(70);
        assertThat(next.terms()).extracting(WeightTerm::name).contains("bound");
    }

    @Test
    void convergence_reachesTheTargetWithinAFewIntervals() {
        MemberWeight w = one(MemberInput.running("a", 0.5, 2, 1.0));
        for (int i = 0; i < 8; i++) {
            w = after(w, MemberInput.running("a", 0.5, 2, 0.0));
        }
        assertThat(w.weight()).isEqualTo(50);
    }

    @Test
    void maintenance_quiescesTheMember() {
        MemberWeight w = one(MemberInput.running("a", 0.5, 2, 1.0).withHostMaintenance(true));
        assertThat(w.weight()).isZero();
        assertThat(w.quiesced()).isTrue();
        assertThat(w.contactable()).isTrue();
        assertThat(w.reason()).contains("maintenance");
    }

    @Test
    void quiesce_setMemberStateQuiescesTheMember() {
        MemberWeight w = one(MemberInput.running("a", 0.5, 2, 1.0).withQuiescedByLb(true));
        assertThat(w.weight()).isZero();
        assertThat(w.quiesced()).isTrue();
    }

    @Test
    void stopped_notContactable() {
        MemberWeight w = one(MemberInput.running("a", 0.5, 2, 1.0).withState(MemberInput.VsState.STOPPED));
        assertThat(w.weight()).isZero();
        assertThat(w.contactable()).isFalse();
        assertThat(w.canServe()).isFalse();
    }

    @Test
    void stale_keepsThePreviousWeightAndIsNotConfident() {
        MemberWeight first = one(MemberInput.running("a", 0.5, 2, 0.5));
        MemberWeight next = after(first, MemberInput.running("a", 3.0, 2, 0.0).withStale(true));
        assertThat(next.weight()).isEqualTo(75);
        assertThat(next.confident()).isFalse();
        assertThat(one(MemberInput.running("b", 0.5, 2, 0.5).withStale(true)).weight()).isEqualTo(50);
    }

    @Test
    void floor_neverAllZeroWhileOneCanServe() {
        MemberInput missing = MemberInput.running("a", 20.0, 2, 0.0);
        MemberInput stopped = MemberInput.running("b", 0.5, 2, 1.0).withState(MemberInput.VsState.STOPPED);
        List<MemberWeight> ws = RULE.weigh(List.of(missing, stopped), Map.of());
        assertThat(ws.get(0).weight()).isEqualTo(1);
        assertThat(ws.get(0).terms()).extracting(WeightTerm::name).contains("floor");
        assertThat(ws.get(1).weight()).isZero();
    }

    @Test
    void firstInterval_takesTheTargetAtOnce() {
        MemberWeight w = one(MemberInput.running("a", 0.5, 2, 0.2));
        assertThat(w.weight()).isEqualTo(w.target()).isEqualTo(60);
    }

    @Test
    void recovery_fromMaintenanceRisesByTheBound() {
        MemberWeight drained = one(MemberInput.running("a", 0.5, 2, 1.0).withHostMaintenance(true));
        MemberWeight back = after(drained, MemberInput.running("a", 0.5, 2, 1.0));
        assertThat(back.weight()).isEqualTo(30);
    }

    @Test
    void settings_outOfRangeAreRefused() {
        assertThatThrownBy(() -> new WeightRule(0, 10, 50)).hasMessageContaining("smoothing");
        assertThatThrownBy(() -> new WeightRule(0.5, 0, 50)).hasMessageContaining("maxStep");
    }

    @Test
    void group_validationReportsEveryProblem() {
        BalancingGroup g = new BalancingGroup(null, "web", "", null, List.of(
                new BalancingGroup.Member("a", "vs1", "10.0.0.1", 80, null),
                new BalancingGroup.Member("a", "vs2", "10.0.0.1", 80, null),
                new BalancingGroup.Member("c", null, "", 70_000, null)));
        assertThatThrownBy(g::validate).hasMessageContaining("members[1].name")
                .hasMessageContaining("members[2].port");
    }
}
