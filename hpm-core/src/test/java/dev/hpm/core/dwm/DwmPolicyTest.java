package dev.hpm.core.dwm;

import dev.hpm.core.dwm.DwmPolicy.HostRule;
import dev.hpm.core.dwm.DwmPolicy.ServerGroup;
import dev.hpm.core.dwm.DwmPolicy.Strength;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DWM policy's validation names every problem at once. */
class DwmPolicyTest {
    static final List<String> HOSTS = List.of("h1", "h2", "h3");

    @Test
    void validate_defaults_areValid() {
        assertThat(DwmPolicy.DEFAULT.problems(HOSTS).isEmpty()).isTrue();
    }

    @Test
    void validate_everyProblemNamed() {
        DwmPolicy bad = DwmPolicy.DEFAULT
                .withEvenDistribution(new DwmPolicy.EvenDistribution(true, 120, Duration.ofMinutes(5), List.of()))
                .withPowerSave(new DwmPolicy.PowerSave(true, 10, Duration.ZERO, 5, List.of()))
                .withRules(new DwmPolicy.Rules(List.of(
                        new ServerGroup("web", Set.of("a", "b"), false, Strength.SHOULD),
                        new ServerGroup("spread", Set.of("b", "a", "c"), true, Strength.MUST)), List.of(
                        new HostRule("pin", "a", Set.of("h9"), false, Strength.MUST))));
        assertThatThrownBy(() -> bad.validate(HOSTS)).isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).extracting(Problem::message)
                        .containsExactlyInAnyOrder(
                                "even-distribution.threshold is 120: use 1 to 100 (percent)",
                                "power-save.duration is PT0S: use a duration above 0",
                                "power-save.reserve-hosts is 5: use fewer than the pool's 3 hosts",
                                "rules.host-rules[pin].hosts is \"h9\": no such host in the pool",
                                "rules.groups[spread] is \"a, b\": the pair is also in an affinity group: keep it apart "
                                        + "or together, not both"));
    }

    @Test
    void validate_powerSaveThresholdAtOrAboveEvenDistribution_isAProblem() {
        DwmPolicy bad = DwmPolicy.DEFAULT.withPowerSave(new DwmPolicy.PowerSave(true, 80, Duration.ofMinutes(5), 1, List.of()));
        assertThat(bad.problems(HOSTS).list()).extracting(Problem::field).containsExactly("power-save.threshold");
    }

    @Test
    void timeWindow_overMidnight_containsTheNight() {
        TimeWindow night = new TimeWindow(LocalTime.of(22, 0), LocalTime.of(6, 0));
        assertThat(night.contains(Instant.parse("2026-03-03T23:30:00Z"))).isTrue();
        assertThat(night.contains(Instant.parse("2026-03-03T05:59:00Z"))).isTrue();
        assertThat(night.contains(Instant.parse("2026-03-03T06:00:00Z"))).isFalse();
        assertThat(TimeWindow.open(List.of(), Instant.EPOCH)).isTrue();
    }
}
