package dev.hpm.libvirt;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void delay_consecutiveFailures_doublesUpToMax() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2);
        assertThat(b.delay(0)).isZero();
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(500)).isEqualTo(Duration.ofSeconds(10));
    }
}
