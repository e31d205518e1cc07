package dev.hpm.sasp;

import dev.hpm.core.balance.MemberWeight;
import dev.hpm.core.time.Timebase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static dev.hpm.sasp.RfcBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 4678 conformance of HPM's SASP server, through a byte-level client written from the RFC
 * ({@link RfcBytes}): every message type and every error path.
 */
class SaspConformanceTest {
    static final String LB = "lb-1";
    final AtomicLong nanos = new AtomicLong();
    final TestWeights weights = new TestWeights()
            .set("web", "a", "10.0.0.1", 8080, TestWeights.serving("a", 80))
            .set("web", "b", "10.0.0.2", 8080, TestWeights.serving("b", 20));
    final ManualScheduler scheduler = new ManualScheduler();
    GroupWorkloadManager gwm;
    SaspServer server;

    @BeforeEach
    void start() {
        gwm = new GroupWorkloadManager(weights, Timebase.of(nanos::get, Instant::now), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        server = new SaspServer(gwm, SaspServer.Settings.loopback(0), scheduler, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] memberA() {
        return member(10, 0, 0, 1, 8080, "a");
    }

    static byte[] memberB() {
        return member(10, 0, 0, 2, 8080, "b");
    }

    /** Set LB State, then registration of a and b in group web. */
    SaspClient registered(int lbFlags) throws IOException {
        SaspClient c = new SaspClient(server.port());
        byte[] r = c.call(message(1, setLbState(LB, 0x7F, lbFlags)));
        assertThat(messageType(r)).isEqualTo(0x1055);
        assertThat(code(r)).isEqualTo(0x00);
        byte[] reg = c.call(message(2, registration(true, groupOfMembers(LB, "web", memberA(), memberB()))));
        assertThat(messageType(reg)).isEqualTo(0x1015);
        assertThat(messageId(reg)).isEqualTo(2);
        assertThat(code(reg)).isEqualTo(0x00);
        return c;
    }

    /** The weight entries of a Get Weights Reply or Send Weights: {weight, flags} per member. */
    static List<int[]> entries(byte[] m) {
        SaspMessage decoded = SaspCodec.decode(m);
        List<SaspMessage.GroupWeights> groups = switch (decoded.body()) {
            case SaspMessage.GetWeightsReply r -> r.groups();
            case SaspMessage.SendWeights s -> s.groups();
            default -> throw new AssertionError(decoded);
        };
        List<int[]> out = new ArrayList<>();
        groups.forEach(g -> g.entries().forEach(e -> out.add(new int[]{e.weight(), e.flags()})));
        return out;
    }

    @Test
    void getWeights_registeredGroup_weightsFlagsAndInterval() throws IOException {
        try (SaspClient c = registered(0)) {
            byte[] r = c.call(message(3, getWeights(groupData(LB, "web"))));
            assertThat(messageType(r)).isEqualTo(0x1035);
            assertThat(code(r)).isZero();
            assertThat(ByteBuffer.wrap(r).getShort(18)).as("interval, seconds").isEqualTo((short) 10);
            List<int[]> e = entries(r);
            assertThat(e).hasSize(2);
            assertThat(e.get(0)).containsExactly(80, 0x01 | 0x04 | 0x08);
            assertThat(e.get(1)).containsExactly(20, 0x01 | 0x04 | 0x08);
            byte[] a = memberA();
            assertThat(indexOf(r, a)).as("member a is echoed with its address as ::10.0.0.1").isPositive();
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void registration_duplicateRegistration_memberAlreadyRegistered() throws IOException {
        try (SaspClient c = registered(0)) {
            byte[] r = c.call(message(3, registration(true, groupOfMembers(LB, "web", memberA()))));
            assertThat(code(r)).isEqualTo(0x40);
        }
    }

    @Test
    void registration_duplicateMemberInRequest() throws IOException {
        try (SaspClient c = new SaspClient(server.port())) {
            byte[] r = c.call(message(1, registration(true, groupOfMembers(LB, "web", memberA(), memberA()))));
            assertThat(code(r)).isEqualTo(0x44);
        }
    }

    @Test
    void registration_emptyGroupName() throws IOException {
        try (SaspClient c = new SaspClient(server.port())) {
            assertThat(code(c.call(message(1, registration(true, groupOfMembers(LB, "", memberA())))))).isEqualTo(0x50);
        }
    }

    @Test
    void lbUid_badSize_inSetLbStateAndRegistration() throws IOException {
        try (SaspClient c = new SaspClient(server.port())) {
            assertThat(code(c.call(message(1, setLbState("", 0x7F, 0))))).isEqualTo(0x51);
            assertThat(code(c.call(message(2, setLbState("x".repeat(65), 0x7F, 0))))).isEqualTo(0x51);
            assertThat(code(c.call(message(3, registration(true, groupOfMembers("", "web", memberA())))))).isEqualTo(0x51);
        }
    }

    @Test
    void getWeights_unknownGroupAndUnknownLbUid() throws IOException {
        try (SaspClient c = registered(0)) {
            assertThat(code(c.call(message(3, getWeights(groupData(LB, "shop")))))).isEqualTo(0x42);
            assertThat(code(c.call(message(4, getWeights(groupData("lb-9", "web")))))).isEqualTo(0x43);
            assertThat(code(c.call(message(5, getWeights(groupData(LB, "web"), groupData(LB, "web")))))).isEqualTo(0x46);
        }
    }

    @Test
    void memberRegistration_untrustedLbRefused_trustedAccepted() throws IOException {
        try (SaspClient member = new SaspClient(server.port())) {
            byte[] early = member.call(message(1, registration(false, groupOfMembers(LB, "web", memberA()))));
            assertThat(code(early)).as("the LB has not contacted the GWM yet").isEqualTo(0x61);
            try (SaspClient lb = registered(0)) {
                byte[] untrusted = member.call(message(2, registration(false,
                        groupOfMembers(LB, "web", member(10, 0, 0, 3, 8080, "c")))));
                assertThat(code(untrusted)).isEqualTo(0x11);
                assertThat(code(lb.call(message(3, setLbState(LB, 0x7F, 0x02))))).isZero();
                byte[] trusted = member.call(message(4, registration(false,
                        groupOfMembers(LB, "web", member(10, 0, 0, 3, 8080, "c")))));
                assertThat(code(trusted)).isZero();
                assertThat(entries(lb.call(message(5, getWeights(groupData(LB, "web")))))).hasSize(3);
            }
        }
    }

    @Test
    void version_wrongVersionIsNotUnderstood() throws IOException {
        try (SaspClient c = new SaspClient(server.port())) {
            byte[] r = c.call(message(2, 7, setLbState(LB, 0x7F, 0)));
            assertThat(messageType(r)).isEqualTo(0x1055);
            assertThat(messageId(r)).isEqualTo(7);
            assertThat(code(r)).isEqualTo(0x10);
        }
    }

    @Test
    void lengths_inconsistentComponentLengthAnsweredNotUnderstood() throws IOException {
        try (SaspClient c = new SaspClient(server.port())) {
            byte[] body = registration(true, groupOfMembers(LB, "web", memberA()));
            body[3] = 9; // the Registration Request's Length must be 7
            byte[] r = c.call(message(4, body));
            assertThat(messageType(r)).isEqualTo(0x1015);
            assertThat(code(r)).isEqualTo(0x10);
            byte[] member = registration(true, groupOfMembers(LB, "web", memberA()));
            member[7 + 6 + 10 + 3] = 99; // the Member Data's Length
            assertThat(code(c.call(message(5, member)))).isEqualTo(0x10);
            assertThat(code(c.call(message(6, setLbState(LB, 0x7F, 0))))).as("the connection still serves").isZero();
        }
    }

    @Test
    void lengths_messageLengthOutOfBoundsClosesTheConnection() throws IOException {
        try (SaspClient c = new SaspClient(server.port())) {
            byte[] m = message(1, setLbState(LB, 0x7F, 0));
            ByteBuffer.wrap(m).putInt(5, 1 << 30);
            c.send(m);
            assertThat(c.closedByServer()).isTrue();
        }
        try (SaspClient c = new SaspClient(server.port())) {
            c.send(message(1, new RfcBytes().u16(0x1099).u16(4).bytes()));
            assertThat(c.closedByServer()).as("unknown message type").isTrue();
        }
    }

    @Test
    void setMemberState_quiesceAndResume() throws IOException {
        try (SaspClient c = registered(0)) {
            byte[] q = c.call(message(3, setMemberState(true, LB, "web", 0, 0x01, memberA())));
            assertThat(messageType(q)).isEqualTo(0x1065);
            assertThat(code(q)).isZero();
            List<int[]> e = entries(c.call(message(4, getWeights(groupData(LB, "web")))));
            assertThat(e.get(0)[0]).isZero();
            assertThat(e.get(0)[1] & 0x02).as("quiesce flag").isEqualTo(0x02);
            assertThat(code(c.call(message(5, setMemberState(true, LB, "web", 0, 0x00, memberA()))))).isZero();
            assertThat(entries(c.call(message(6, getWeights(groupData(LB, "web"))))).get(0)[0]).isEqualTo(80);
            assertThat(code(c.call(message(7, setMemberState(true, LB, "shop", 0, 1, memberA()))))).isEqualTo(0x42);
            assertThat(code(c.call(message(8, setMemberState(true, LB, "web", 0, 1,
                    member(10, 9, 9, 9, 80, "x")))))).isEqualTo(0x41);
        }
    }

    @Test
    void push_withoutNoChangeSendsEveryInterval() throws IOException {
        try (SaspClient c = registered(0x01)) {
            scheduler.runDue();
            byte[] first = c.read();
            assertThat(messageType(first)).isEqualTo(0x1040);
            assertThat(entries(first)).extracting(e -> e[0]).containsExactly(80, 20);
            scheduler.runDue();
            assertThat(messageType(c.read())).as("unchanged weights are sent again").isEqualTo(0x1040);
        }
    }

    @Test
    void push_withNoChangeSendsOnlyChanges() throws IOException {
        try (SaspClient c = registered(0x01 | 0x04)) {
            scheduler.runDue();
            assertThat(messageType(c.read())).isEqualTo(0x1040);
            scheduler.runDue();
            assertThat(c.silentFor(300)).as("nothing changed: nothing sent").isTrue();
            weights.set("web", "b", "10.0.0.2", 8080, TestWeights.serving("b", 55));
            scheduler.runDue();
            byte[] changed = c.read();
            assertThat(entries(changed)).extracting(e -> e[0]).containsExactly(80, 55);
        }
    }

    @Test
    void push_offSendsNothing() throws IOException {
        try (SaspClient c = registered(0)) {
            scheduler.runDue();
            assertThat(c.silentFor(300)).isTrue();
        }
    }

    @Test
    void deregistration_memberThenGroup() throws IOException {
        try (SaspClient c = registered(0)) {
            byte[] r = c.call(message(3, deregistration(true, 0x01, groupOfMembers(LB, "web", memberB()))));
            assertThat(messageType(r)).isEqualTo(0x1025);
            assertThat(code(r)).isZero();
            assertThat(code(c.call(message(4, deregistration(true, 0, groupOfMembers(LB, "web", memberB())))))).isEqualTo(0x41);
            assertThat(entries(c.call(message(5, getWeights(groupData(LB, "web")))))).hasSize(1);
            assertThat(code(c.call(message(6, deregistration(true, 0, groupOfMembers(LB, "web")))))).isZero();
            assertThat(code(c.call(message(7, getWeights(groupData(LB, "web")))))).isEqualTo(0x42);
            assertThat(code(c.call(message(8, deregistration(true, 0, groupOfMembers("lb-9", "web")))))).isEqualTo(0x43);
        }
    }

    @Test
    void reconnect_withinGraceKeepsTheState_afterGraceForgetsIt() throws Exception {
        registered(0).close();
        awaitConnections(0);
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        scheduler.runDue();
        try (SaspClient again = new SaspClient(server.port())) {
            assertThat(code(again.call(message(1, setLbState(LB, 0x7F, 0))))).isZero();
            assertThat(entries(again.call(message(2, getWeights(groupData(LB, "web")))))).hasSize(2);
        }
        awaitConnections(0);
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        scheduler.runDue();
        try (SaspClient late = new SaspClient(server.port())) {
            assertThat(code(late.call(message(1, getWeights(groupData(LB, "web")))))).isEqualTo(0x43);
        }
    }

    void awaitConnections(int n) throws InterruptedException {
        for (int i = 0; i < 100 && server.connections() != n; i++) {
            Thread.sleep(20);
        }
        assertThat(server.connections()).isEqualTo(n);
    }

    @Test
    void manyLoadBalancers_atOnce() throws Exception {
        int lbs = 24;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < lbs; i++) {
                String uid = "lb-" + i;
                results.add(pool.submit((Callable<Integer>) () -> {
                    try (SaspClient c = new SaspClient(server.port())) {
                        c.call(message(1, setLbState(uid, 0x7F, 0)));
                        c.call(message(2, registration(true, groupOfMembers(uid, "web", memberA(), memberB()))));
                        return entries(c.call(message(3, getWeights(groupData(uid, "web"))))).get(0)[0];
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(80);
            }
        }
        assertThat(gwm.loadBalancers()).hasSize(lbs);
    }

    @Test
    void unknownMember_notContactableWeightZero() throws IOException {
        try (SaspClient c = new SaspClient(server.port())) {
            c.call(message(1, registration(true, groupOfMembers(LB, "other", member(192, 0, 2, 9, 80, "z")))));
            assertThat(entries(c.call(message(2, getWeights(groupData(LB, "other")))))).singleElement()
                    .satisfies(e -> assertThat(e).containsExactly(0, 0x04));
        }
    }

    @Test
    void weights_quiescedMemberHasQuiesceFlag() throws IOException {
        weights.set("web", "a", "10.0.0.1", 8080, new MemberWeight("a", 0, 0, true, true, true, List.of(), "maintenance"));
        try (SaspClient c = registered(0)) {
            assertThat(entries(c.call(message(3, getWeights(groupData(LB, "web"))))).get(0))
                    .containsExactly(0, 0x01 | 0x02 | 0x04 | 0x08);
        }
    }
}
