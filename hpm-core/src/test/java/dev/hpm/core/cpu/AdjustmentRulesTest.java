package dev.hpm.core.cpu;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.VelocityLevel;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static dev.hpm.core.cpu.Views.cls;
import static dev.hpm.core.cpu.Views.discretionary;
import static org.assertj.core.api.Assertions.assertThat;

class AdjustmentRulesTest {
    static final CpuManagerSettings S = CpuManagerSettings.DEFAULT;
    static final ClassInfo RECEIVER = cls("receiver", Importance.HIGH, 70);

    static ClassMeasurement measured(ClassInfo c, double pi) {
        return new ClassMeasurement(c, 1, 1, 1, 1, c.goalVelocity() / pi, pi, pi);
    }

    static ClassMeasurement unmeasured(ClassInfo c) {
        return new ClassMeasurement(c, 1, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void isReceiver_onlyGoalClassesWithVelocityAbovePiOne() {
        assertThat(AdjustmentRules.isReceiver(measured(RECEIVER, 1.2))).isTrue();
        assertThat(AdjustmentRules.isReceiver(measured(RECEIVER, 1.0))).isFalse();
        assertThat(AdjustmentRules.isReceiver(unmeasured(RECEIVER))).isFalse();
        assertThat(AdjustmentRules.isReceiver(new ClassMeasurement(discretionary("d"), 1, 1, 0.1, 5, 2, 0.81, 0.81))).isFalse();
    }

    @Test
    void receiverOrder_importanceThenGroupImportanceThenWorstPi() {
        ClassMeasurement high = measured(cls("high", Importance.HIGH, 70), 1.1);
        ClassMeasurement highWorse = measured(cls("high-worse", Importance.HIGH, 70), 1.9);
        ClassMeasurement highest = measured(cls("highest", Importance.HIGHEST, 50), 1.05);
        ClassMeasurement highInBetterGroup = measured(new ClassInfo(new ClassKey("vip", "x"),
                Goal.velocity(VelocityLevel.FAST), 70, Importance.HIGH, Importance.HIGHEST), 1.01);
        List<ClassMeasurement> sorted = Stream.of(high, highWorse, highest, highInBetterGroup)
                .sorted(AdjustmentRules.RECEIVER_ORDER).toList();
        assertThat(sorted).containsExactly(highest, highInBetterGroup, highWorse, high);
    }

    @Test
    void donorTier_discretionaryFirstThenLowestImportanceThenWorkBeatingItsGoal() {
        double disc = AdjustmentRules.donorTier(measured(discretionary("d"), 0.81), RECEIVER, S);
        double lowest = AdjustmentRules.donorTier(measured(cls("lowest", Importance.LOWEST, 30), 3.0), RECEIVER, S);
        double medium = AdjustmentRules.donorTier(measured(cls("medium", Importance.MEDIUM, 30), 1.5), RECEIVER, S);
        double equalBeating = AdjustmentRules.donorTier(measured(cls("peer", Importance.HIGH, 50), 0.6), RECEIVER, S);
        double higherBeating = AdjustmentRules.donorTier(measured(cls("boss", Importance.HIGHEST, 50), 0.7), RECEIVER, S);
        assertThat(List.of(disc, lowest, medium, equalBeating, higherBeating)).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(disc).isZero();
    }

    @Test
    void donorTier_equalOrHigherImportanceNotBeatingGoalByMargin_mayNotDonate() {
        assertThat(AdjustmentRules.donorTier(measured(cls("peer", Importance.HIGH, 50), 0.88), RECEIVER, S)).isNegative();
        assertThat(AdjustmentRules.donorTier(measured(cls("boss", Importance.HIGHEST, 50), 1.2), RECEIVER, S)).isNegative();
        assertThat(AdjustmentRules.donorTier(measured(RECEIVER, 0.5), RECEIVER, S)).isNegative();
        assertThat(AdjustmentRules.donorTier(unmeasured(cls("low", Importance.LOW, 30)), RECEIVER, S)).isNegative();
    }

    @Test
    void serverMayDonate_managedRunningAboveMinimumAndNotCoolingDown() {
        ShareLedger ledger = new ShareLedger();
        VsView ok = new VsView("a", "a", RECEIVER, ManagementLevel.MANAGE, 1, 1024, Double.POSITIVE_INFINITY, 1, 1, true);
        assertThat(AdjustmentRules.serverMayDonate(ok, ledger, 10, S)).isTrue();
        VsView monitored = new VsView("b", "b", RECEIVER, ManagementLevel.MONITOR, 1, 1024, Double.POSITIVE_INFINITY, 1, 1, true);
        assertThat(AdjustmentRules.serverMayDonate(monitored, ledger, 10, S)).isFalse();
        VsView atMinimum = new VsView("c", "c", RECEIVER, ManagementLevel.MANAGE, 1, S.minShares(), Double.POSITIVE_INFINITY, 1, 1, true);
        assertThat(AdjustmentRules.serverMayDonate(atMinimum, ledger, 10, S)).isFalse();
        VsView idle = new VsView("d", "d", RECEIVER, ManagementLevel.MANAGE, 1, 1024, Double.POSITIVE_INFINITY, 0, 0, false);
        assertThat(AdjustmentRules.serverMayDonate(idle, ledger, 10, S)).isFalse();
    }

    @Test
    void serverMayDonate_raisedRecently_coolsDownForTheConfiguredIntervals() {
        ShareLedger ledger = new ShareLedger();
        ledger.applied(new ShareChange("a", "a", RECEIVER.key(), ShareChange.Role.RECEIVER, 1024, 4096,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY), 10);
        VsView a = new VsView("a", "a", RECEIVER, ManagementLevel.MANAGE, 1, 4096, Double.POSITIVE_INFINITY, 1, 1, true);
        assertThat(AdjustmentRules.serverMayDonate(a, ledger, 11, S)).isFalse();
        assertThat(AdjustmentRules.serverMayDonate(a, ledger, 12, S)).isFalse();
        assertThat(AdjustmentRules.serverMayDonate(a, ledger, 13, S)).isTrue();
    }

    @Test
    void protectedCeiling_equalOrHigherImportanceStaysOnGoal_lowerIsFair() {
        ClassInfo peer = cls("peer", Importance.HIGH, 50);
        ClassInfo low = cls("low", Importance.LOW, 50);
        assertThat(AdjustmentRules.protectedCeiling(peer, RECEIVER, false, 0.5, S)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(AdjustmentRules.protectedCeiling(peer, RECEIVER, true, 0.5, S)).isCloseTo(S.targetPi(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(AdjustmentRules.protectedCeiling(peer, RECEIVER, false, 1.4, S)).isCloseTo(1.4, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(AdjustmentRules.protectedCeiling(low, RECEIVER, true, 0.5, S)).isInfinite();
        assertThat(AdjustmentRules.protectedCeiling(discretionary("d"), RECEIVER, true, 0.81, S)).isInfinite();
    }

    @Test
    void isMaterial_reachingGoalOrImprovingByTheMinimum() {
        assertThat(AdjustmentRules.isMaterial(1.02, 0.99, S)).isTrue();
        assertThat(AdjustmentRules.isMaterial(2.0, 1.9, S)).isTrue();
        assertThat(AdjustmentRules.isMaterial(2.0, 1.97, S)).isFalse();
        assertThat(AdjustmentRules.isMaterial(1.5, 1.5, S)).isFalse();
    }

    @Test
    void isSignificantStep_ignoresChangesBelowTheMinimumStep() {
        assertThat(AdjustmentRules.isSignificantStep(1000, 1040, S)).isFalse();
        assertThat(AdjustmentRules.isSignificantStep(1000, 1050, S)).isTrue();
        assertThat(AdjustmentRules.isSignificantStep(1000, 900, S)).isTrue();
        assertThat(AdjustmentRules.isSignificantStep(1000, 1000, S)).isFalse();
    }

    @Test
    void receiverCeilingAndDonorFloor_respectBoundsAndDamping() {
        assertThat(AdjustmentRules.receiverCeiling(1024, S)).isEqualTo(8192);
        assertThat(AdjustmentRules.receiverCeiling(2048, S)).isEqualTo(S.maxShares());
        assertThat(AdjustmentRules.receiverCeiling(20000, S)).isEqualTo(20000);
        assertThat(AdjustmentRules.donorFloor(1024, S)).isEqualTo(128);
        assertThat(AdjustmentRules.donorFloor(64, S)).isEqualTo(S.minShares());
        assertThat(AdjustmentRules.donorFloor(8, S)).isEqualTo(8);
    }

    @Test
    void modelBias_ratioOfModelToMeasured_boundedAndNeutralWhenUnknown() {
        // the model thought PI 0.9 but the host gave 1.0: projections must be divided by 0.9
        assertThat(AdjustmentRules.modelBias(0.9, 1.0)).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(AdjustmentRules.modelBias(5, 1)).isEqualTo(AdjustmentRules.MAX_BIAS);
        assertThat(AdjustmentRules.modelBias(0.1, 1)).isEqualTo(1 / AdjustmentRules.MAX_BIAS);
        assertThat(AdjustmentRules.modelBias(Double.NaN, 1)).isEqualTo(1);
        assertThat(AdjustmentRules.modelBias(1, Double.NaN)).isEqualTo(1);
    }

    @Test
    void isHeldByCap_onlyWhenItWantsMoreThanItsCapAndGetsIt() {
        assertThat(AdjustmentRules.isHeldByCap(0.5, 0.5, 2)).isTrue();
        assertThat(AdjustmentRules.isHeldByCap(0.3, 0.5, 2)).as("contention keeps it below its cap").isFalse();
        assertThat(AdjustmentRules.isHeldByCap(0.5, 0.5, 0.5)).as("wants no more than its cap").isFalse();
        assertThat(AdjustmentRules.isHeldByCap(1, Double.POSITIVE_INFINITY, 2)).as("no cap").isFalse();
    }

    @Test
    void reachable_targetBelowTheBestPiOfTheGoal_isRaisedOthersStay() {
        CpuManagerSettings s = CpuManagerSettings.DEFAULT;
        assertThat(AdjustmentRules.reachable(s.targetPi(), Views.cls("f", Importance.HIGH, 90), AdjustmentRules.TARGET_HEADROOM))
                .isCloseTo(90.0 / 95, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(AdjustmentRules.reachable(s.targetPi(), Views.cls("m", Importance.HIGH, 70), AdjustmentRules.TARGET_HEADROOM))
                .isEqualTo(s.targetPi());
        assertThat(AdjustmentRules.reachable(s.targetPi(), Views.discretionary("d"), AdjustmentRules.TARGET_HEADROOM))
                .isEqualTo(s.targetPi());
    }

    @Test
    void importanceShares_fourToOneBySqrtTwoPerLevel() {
        assertThat(java.util.Arrays.stream(dev.hpm.core.model.Importance.values()).map(AdjustmentRules::importanceShares))
                .containsExactly(4096L, 2896L, 2048L, 1448L, 1024L);
    }
}
