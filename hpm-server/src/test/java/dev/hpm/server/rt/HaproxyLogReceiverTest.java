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
    void parse_timesNoRequestTakes_ignored() {
        for (String t : new String[]{"NaN", "Infinity", "1e400", "-0.5", "86400000", "0x10"}) {
            assertThat(HaproxyLogReceiver.parse("<134>haproxy[812]: hpm-rt 10.0.0.5:8080 " + t)).as(t).isNull();
        }
        assertThat(HaproxyLogReceiver.parse("<134>haproxy[812]: hpm-rt 10.0.0.5:70000 5")).isNull();
    }

    @Test
    void accept_10000MutatedLines_neverFail_andRecordOnlyRealTimes() {
        java.util.Random random = new java.util.Random(5);
        ResponseTimeCollector collector = new ResponseTimeCollector();
        java.util.List<Double> recorded = new java.util.ArrayList<>();
        String valid = "<134>Dec  2 05:50:00 haproxy[812]: hpm-rt 127.0.0.1:8080 412";
        String alphabet = "0123456789:.[]- \teE+NaInfity\u0000\u00e9hpm-rt";
        HaproxyLogReceiver.Entry last = null;
        for (int n = 0; n < 10_000; n++) {
            StringBuilder line = new StringBuilder(valid);
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                int at = random.nextInt(line.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> line.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> { if (at < line.length()) line.deleteCharAt(at); }
                    default -> { if (at < line.length()) line.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); }
                }
            }
            HaproxyLogReceiver.Entry e = HaproxyLogReceiver.parse(line.toString());
            if (e != null) {
                assertThat(e.millis()).as(line.toString()).isFinite().isBetween(0.0, HaproxyLogReceiver.MAX_MILLIS);
                assertThat(e.port()).isBetween(1, 65_535);
                recorded.add(e.millis());
                last = e;
            }
        }
        System.out.printf("[haproxy-log fuzz] 10000 mutated lines: %d parsed as requests, e.g. %s%n", recorded.size(), last);
        assertThat(recorded).isNotEmpty();
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

    @Test
    void receive_fromAnAddressNotAllowed_dropped_fromAnAllowedOne_recorded() throws Exception {
        ResponseTimeCollector collector = new ResponseTimeCollector();
        for (String allowed : new String[]{"10.0.0.9", "127.0.0.1"}) {
            try (HaproxyLogReceiver r = new HaproxyLogReceiver("127.0.0.1", 0, collector, (address, port) -> "web-1",
                    java.util.List.of(allowed));
                 DatagramSocket out = new DatagramSocket()) {
                byte[] b = "<134>haproxy[1]: hpm-rt 127.0.0.1:8080 100".getBytes(StandardCharsets.UTF_8);
                out.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), r.port()));
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (r.recorded() + r.refused() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                if (allowed.equals("10.0.0.9")) {
                    assertThat(r.refused()).isEqualTo(1);
                    assertThat(r.recorded()).isZero();
                    assertThat(collector.take("host", "uuid", "web-1")).isNull();
                } else {
                    assertThat(r.recorded()).isEqualTo(1);
                    assertThat(collector.take("host", "uuid", "web-1").count()).isEqualTo(1);
                }
            }
        }
    }
}
