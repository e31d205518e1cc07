package dev.hpm.cli.remote;

import dev.hpm.core.time.Timebase;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The progress bar of --wait, and the waiting loop on an injected clock. */
class ProgressBarTest {
    @Test
    void line_fillsTheBarInProportion_andClamps() {
        assertThat(ProgressBar.line(0.5, "2 of 4 moved")).isEqualTo("[" + "#".repeat(15) + "-".repeat(15) + "]  50%  2 of 4 moved");
        assertThat(ProgressBar.line(1.7, "")).isEqualTo("[" + "#".repeat(30) + "] 100%");
        assertThat(ProgressBar.line(Double.NaN, null)).startsWith("[" + "-".repeat(30) + "]   0%");
    }

    @Test
    void update_onATerminal_redrawsOneLineInPlace() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), true);
        bar.update(0, "0 of 2 moved; migrating g1, g2");
        bar.update(0.5, "1 of 2 moved");
        bar.update(0.5, "1 of 2 moved");
        bar.finish();
        String text = s.toString();
        assertThat(text).startsWith("\r[").endsWith(System.lineSeparator());
        assertThat(text.stripTrailing()).endsWith("]  50%  1 of 2 moved");
        assertThat(text.stripTrailing().length()).as("the shorter line covers the longer one it replaces")
                .isLessThan(text.length() - System.lineSeparator().length());
        assertThat(text.chars().filter(c -> c == '\r')).hasSize(2);
        assertThat(text.chars().filter(c -> c == '\n')).as("one line, ended once").hasSize(1);
    }

    @Test
    void update_notATerminal_printsEachChangeOnItsOwnLine() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), false);
        bar.update(0, "0 of 2 moved");
        bar.update(0, "0 of 2 moved");
        bar.update(1, "2 of 2 moved");
        bar.finish();
        assertThat(s.toString()).doesNotContain("\r");
        assertThat(s.toString().lines()).hasSize(2).last().asString().endsWith("100%  2 of 2 moved");
    }

    @Test
    void until_pollsUntilDone_orGivesUpAtTheDeadline() {
        AtomicLong nanos = new AtomicLong();
        List<Duration> pauses = new ArrayList<>();
        Waiting w = new Waiting(Timebase.of(nanos::get, () -> Instant.EPOCH), d -> {
            pauses.add(d);
            nanos.addAndGet(d.toNanos());
        }, Duration.ofSeconds(1));
        AtomicInteger polls = new AtomicInteger();
        assertThat(w.until(() -> polls.incrementAndGet() == 3, Duration.ofMinutes(1))).isTrue();
        assertThat(polls).hasValue(3);
        assertThat(pauses).hasSize(2);
        assertThat(w.until(() -> false, Duration.ofSeconds(5))).isFalse();
        assertThat(pauses).hasSize(2 + 5);
    }

    @Test
    void parse_shortAndIsoDurations_elseAUsageError() {
        assertThat(Waiting.parse("--wait-timeout", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Waiting.parse("--wait-timeout", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Waiting.parse("--wait-timeout", "pt2h")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> Waiting.parse("--wait-timeout", "soon")).isInstanceOf(CliFailure.class)
                .hasMessage("--wait-timeout is \"soon\": write a duration such as 30s, 10m, 1h or PT10M");
    }
}
