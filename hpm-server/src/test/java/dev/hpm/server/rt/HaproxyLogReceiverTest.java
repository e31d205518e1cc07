package dev.hpm.server.rt;

import dev.hpm.core.measure.Completions;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HaproxyLogReceiverTest {
    @Test
    void parse_syslogLineInHpmsFormat_addressPortAndTime() {
        assertThat(HaproxyLogReceiver.parse("<134>Dec  2 05:50:00 haproxy[812]: hpm-rt 10.0.0.5:8080 412"))
                .isEqualTo(new HaproxyLogReceiver.Entry("10.0.0.5", 8080, 412));
        assertThat(HaproxyLogReceiver.parse("<134>haproxy[812]: hpm-rt [2001:db8::1]:443 7"))
                .isEqualTo(new HaproxyLogReceiver.Entry("2001:db8::1", 443, 7));
    }

    @Test
    void parse_requestThatReachedNoServer_orOtherLine_ignored() {
        assertThat(HaproxyLogReceiver.parse("<134>haproxy[812]: hpm-rt -:- -1")).isNull();
        assertThat(HaproxyLogReceiver.parse("<134>haproxy[812]: Proxy fe started.")).isNull();
    }

    @Test
    void receive_datagrams_recordedForTheVsOfTheMember() throws Exception {
        ResponseTimeCollector collector = new ResponseTimeCollector();
        try (HaproxyLogReceiver r = new HaproxyLogReceiver("127.0.0.1", 0, collector,
                (address, port) -> address.equals("127.0.0.1") && port == 8080 ? "web-1" : null);
             DatagramSocket out = new DatagramSocket()) {
            for (String line : new String[]{"hpm-rt 127.0.0.1:8080 100", "hpm-rt 127.0.0.1:8080 300",
                    "hpm-rt 127.0.0.1:9999 5", "something else"}) {
                byte[] b = ("<134>Dec  2 05:50:00 haproxy[1]: " + line).getBytes(StandardCharsets.UTF_8);
                out.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), r.port()));
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (r.recorded() + r.ignored() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(r.recorded()).isEqualTo(2);
            assertThat(r.ignored()).isEqualTo(2);
            Completions done = collector.take("host", "uuid-of-web-1", "web-1");
            assertThat(done.count()).isEqualTo(2);
            assertThat(done.averageMillis()).isCloseTo(200, within(1e-9));
        }
    }
}
