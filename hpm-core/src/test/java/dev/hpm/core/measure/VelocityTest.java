package dev.hpm.core.measure;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.VelocityLevel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VelocityTest {
    private static final ClassInfo FAST = new ClassInfo(new ClassKey("g", "fast"), Goal.velocity(VelocityLevel.FAST), 70,
            Importance.HIGH, Importance.HIGH);
    private static final ClassInfo BATCH = new ClassInfo(new ClassKey("g", "batch"), Goal.discretionary(), 0,
            Importance.LOWEST, Importance.HIGH);

    @Test
    void of_usingAndDelay_isUsingShareInPercent() {
        // 6 s running, 4 s waiting for a CPU: 60 % of its runnable time it ran
        assertThat(Velocity.of(6, 4)).isEqualTo(60.0);
        assertThat(Velocity.of(1, 0)).isEqualTo(100.0);
        assertThat(Velocity.of(0, 0)).isNaN();
    }

    @Test
    void pi_goalOverActual() {
        // goal 70, actual 60: PI 1.1667, missing the goal
        assertThat(Velocity.pi(FAST, 60)).isCloseTo(70.0 / 60, within(1e-12));
        assertThat(Velocity.pi(FAST, 70)).isEqualTo(1.0);
        assertThat(Velocity.pi(FAST, 87.5)).isEqualTo(0.8);
    }

    @Test
    void pi_zeroVelocity_isCappedNotInfinite() {
        assertThat(Velocity.pi(FAST, 0)).isEqualTo(Velocity.MAX_PI);
    }

    @Test
    void pi_discretionary_isFixedAt081() {
        assertThat(Velocity.pi(BATCH, 12)).isEqualTo(0.81);
        assertThat(Velocity.pi(BATCH, Double.NaN)).isNaN();
    }
}
