package dev.hpm.server.rt;

import dev.hpm.core.measure.Completions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseTimeCollectorTest {
    final ResponseTimeCollector collector = new ResponseTimeCollector();

    @Test
    void take_rawTimesAndHistograms_ofTheServerByUuidOrName_once() {
        collector.record("web-1", 100);
        collector.add("uuid-1", Completions.of(200, 300));
        Completions done = collector.take("h", "uuid-1", "web-1");
        assertThat(done.count()).isEqualTo(3);
        assertThat(done.sumMillis()).isEqualTo(600);
        assertThat(collector.take("h", "uuid-1", "web-1")).isNull();
    }

    @Test
    void record_namesNobodyTakes_areBounded_knownServersStillCount() {
        collector.record("web-1", 100);
        for (int i = 0; i < ResponseTimeCollector.MAX_SERVERS + 10; i++) {
            collector.add("no-such-vs-" + i, Completions.of(1));
        }
        collector.record("web-1", 300);
        collector.record("late-vs", 5);
        assertThat(collector.take("h", "uuid-1", "web-1").count()).as("a server already waiting keeps counting").isEqualTo(2);
        assertThat(collector.take("h", "uuid-2", "late-vs")).as("beyond the bound, new names are dropped").isNull();
    }
}
