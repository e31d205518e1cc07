package dev.hpm.core.dwm;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WordsTest {
    @Test
    void duration_writesHoursMinutesAndSecondsAsAnOperatorReadsThem() {
        assertThat(Words.duration(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(Words.duration(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(Words.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(Words.duration(Duration.ofSeconds(3605))).isEqualTo("1 h 5 s");
        assertThat(Words.duration(Duration.ZERO)).isEqualTo("0 s");
    }
}
