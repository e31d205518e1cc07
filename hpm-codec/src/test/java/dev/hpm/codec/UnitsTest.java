package dev.hpm.codec;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitsTest {
    @Test
    void duration_acceptsUnitsCombinationsAndPlainSeconds() {
        assertThat(Units.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.duration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Units.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Units.duration("4h48m")).isEqualTo(Duration.ofMinutes(288));
        assertThat(Units.duration("2.5")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Units.duration("1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void duration_rejectsGarbage() {
        assertThatThrownBy(() -> Units.duration("soon")).hasMessageContaining("write a duration such as");
        assertThatThrownBy(() -> Units.duration("10 s")).hasMessageContaining("write a duration such as");
        assertThatThrownBy(() -> Units.duration("")).hasMessageContaining("write a duration such as");
    }

    @Test
    void kib_parsesBinaryUnits() {
        assertThat(Units.kib("512MiB")).isEqualTo(512 * 1024);
        assertThat(Units.kib("2GiB")).isEqualTo(2L * 1024 * 1024);
        assertThat(Units.kib("64")).isEqualTo(64);
        assertThatThrownBy(() -> Units.kib("lots")).hasMessageContaining("512MiB");
    }

    @Test
    void format_isCompact() {
        assertThat(Units.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Units.format(Duration.ofMinutes(288))).isEqualTo("4h48m");
        assertThat(Units.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
