package dev.hpm.core.cpu;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EfficacyTest {

    @Test
    void errors_ofOutcomes_medianP90AndMaxOfAbsoluteErrors_skippingThoseWithoutAchievedPi() {
        List<Efficacy.Outcome> outcomes = List.of(new Efficacy.Outcome(0.9, 1.0), new Efficacy.Outcome(0.9, 0.7),
                new Efficacy.Outcome(0.9, 0.9), new Efficacy.Outcome(0.9, Double.NaN));
        Efficacy.Errors e = Efficacy.Errors.of(outcomes);
        assertThat(e.count()).isEqualTo(3);
        assertThat(e.median()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.max()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.p90()).isBetween(e.median(), e.max());
    }

    @Test
    void errors_ofNothing_countZeroAndNaN() {
        Efficacy.Errors e = Efficacy.Errors.of(List.of());
        assertThat(e.count()).isZero();
        assertThat(e.median()).isNaN();
    }
}
