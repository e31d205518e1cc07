package dev.hpm.core.cpu;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import org.junit.jupiter.api.Test;

import static dev.hpm.core.cpu.Views.cls;
import static dev.hpm.core.cpu.Views.discretionary;
import static org.assertj.core.api.Assertions.assertThat;

class SteadyStateTest {
    static final CpuManagerSettings S = CpuManagerSettings.DEFAULT;
    static final ClassInfo LOW = cls("low", Importance.LOW, 30);
    static final ClassInfo MEDIUM = cls("medium", Importance.MEDIUM, 50);
    static final ClassInfo HIGHEST = cls("highest", Importance.HIGHEST, 70);

    static VsView server(ClassInfo c) {
        return new VsView("s", "s", c, ManagementLevel.MANAGE, 2, 2048, Double.POSITIVE_INFINITY, 1, 1, true);
    }

    /** A ledger in which server "s" was raised in interval 10. */
    static ShareLedger raisedAt10() {
        ShareLedger ledger = new ShareLedger();
        ledger.applied(new ShareChange("s", "s", LOW.key(), ShareChange.Role.RECEIVER, 1024, 2048,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY), 10);
        return ledger;
    }

    @Test
    void mayLower_justRaisedAndNearItsGoal_holdsItsShares() {
        // PI 0.8 is inside the band [target − band, 1] = [0.65, 1]: a PI wandering about the goal
        assertThat(SteadyState.mayLower(server(LOW), 0.8, MEDIUM, raisedAt10(), 12, S)).isFalse();
        assertThat(SteadyState.mayLower(server(LOW), 0.8, MEDIUM, raisedAt10(), 10 + S.steadyIntervals(), S)).isFalse();
    }

    @Test
    void mayLower_justRaisedButBeatingItsGoalByTheBand_mayDonate() {
        assertThat(SteadyState.mayLower(server(LOW), S.targetPi() - S.reversalBand(), MEDIUM, raisedAt10(), 12, S)).isTrue();
    }

    @Test
    void mayLower_steadyIntervalsAfterTheRise_mayDonate() {
        assertThat(SteadyState.mayLower(server(LOW), 0.8, MEDIUM, raisedAt10(), 11 + S.steadyIntervals(), S)).isTrue();
    }

    @Test
    void mayLower_neverRaised_mayDonate() {
        assertThat(SteadyState.mayLower(server(LOW), 0.8, MEDIUM, new ShareLedger(), 12, S)).isTrue();
    }

    @Test
    void mayLower_highestImportanceReceiver_takesFromLessImportantWorkJustRaised() {
        assertThat(SteadyState.mayLower(server(LOW), 0.8, HIGHEST, raisedAt10(), 12, S)).isTrue();
        assertThat(SteadyState.mayLower(server(cls("peer", Importance.HIGHEST, 30)), 0.8, HIGHEST, raisedAt10(), 12, S))
                .as("not from work as important as itself").isFalse();
    }

    @Test
    void mayLower_discretionary_alwaysMayDonate() {
        assertThat(SteadyState.mayLower(server(discretionary("batch")), 0.81, MEDIUM, raisedAt10(), 12, S)).isTrue();
    }

    @Test
    void settings_zeroSteadyIntervals_turnsTheTestOff() {
        CpuManagerSettings off = new CpuManagerSettings(0.9, 0.85, 0.05, 16, 10_000, 0.05, 8, 2, 0, 0.25);
        assertThat(SteadyState.mayLower(server(LOW), 0.8, MEDIUM, raisedAt10(), 11, off)).isTrue();
    }
}
