package dev.hpm.server.balance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.sasp.SaspCodec;
import dev.hpm.sasp.SaspMessage;
import dev.hpm.sasp.Ip16;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /load-balancing-groups} on a live server with the demo pool: create, validate, weights
 * with their terms, host maintenance, delete; and the configured SASP server answering with the
 * same weights.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadBalancingApiTest {
    TestServer hpm;

    @BeforeAll
    void start() {
        hpm = new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> c.withBalancing(new ServerConfig.Balancing("127.0.0.1", 0, "127.0.0.1", 0)));
        hpm.awaitIntervals(1);
        Http.Response r = hpm.http.post("/load-balancing-groups", hpm.admin, """
                {"name": "trading", "description": "order entry", "members": [
                  {"name": "t1", "virtual-server": "trade-1", "address": "10.1.0.1", "port": 443},
                  {"name": "t2", "virtual-server": "trade-2", "address": "10.1.0.2", "port": 443}]}""");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.header("Location")).endsWith("/load-balancing-groups/trading");
        hpm.awaitIntervals(2);
    }

    @AfterAll
    void stop() {
        hpm.close();
    }

    JsonNode weights() {
        return hpm.http.get("/load-balancing-groups/trading/weights", hpm.admin).json().get("weights");
    }

    @Test
    void weights_everyMemberHasWeightTermsAndHistory() {
        JsonNode w = weights();
        assertThat(w).hasSize(2);
        assertThat(w.get(0).get("weight").asInt()).isBetween(1, 100);
        assertThat(w.get(0).get("contactable").asBoolean()).isTrue();
        assertThat(w.get(0).get("terms")).extracting(t -> t.get("name").asText()).contains("capacity", "goal", "target");
        assertThat(w.get(0).get("history").size()).isPositive();
        assertThat(hpm.http.get("/load-balancing-groups", hpm.admin).json().get("load-balancing-groups"))
                .anySatisfy(g -> assertThat(g.get("name").asText()).isEqualTo("trading"));
    }

    @Test
    void create_invalidOrTakenOrNotAdmin_refusedWithTheReason() {
        Http.Response bad = hpm.http.post("/load-balancing-groups", hpm.admin,
                "{\"name\": \"bad name\", \"members\": [{\"name\": \"m\", \"port\": 99999}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("name").contains("members[0].port");
        Http.Response taken = hpm.http.post("/load-balancing-groups", hpm.admin,
                "{\"name\": \"trading\", \"members\": [{\"name\": \"m\", \"virtual-server\": \"trade-3\"}]}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(hpm.http.get("/load-balancing-groups/nosuch/weights", hpm.admin).status()).isEqualTo(404);
        assertThat(hpm.http.post("/load-balancing-groups", Http.As.ANONYMOUS, "{}").status()).isEqualTo(401);
    }

    @Test
    void maintenance_quiescesTheHostsMembers_thenRestores() throws Exception {
        String host = weights().get(0).get("member").asText().equals("t1") ? hostOf("trade-1") : null;
        assertThat(host).isNotNull();
        assertThat(hpm.http.post("/load-balancing-hosts/" + host, hpm.admin, "{\"maintenance\": true}").status()).isEqualTo(200);
        JsonNode t1 = weights().get(0);
        assertThat(t1.get("weight").asInt()).isZero();
        assertThat(t1.get("quiesced").asBoolean()).isTrue();
        assertThat(t1.get("reason").asText()).contains("maintenance");
        assertThat(hpm.http.post("/load-balancing-hosts/" + host, hpm.admin, "{\"maintenance\": false}").status()).isEqualTo(200);
        assertThat(weights().get(0).get("quiesced").asBoolean()).isFalse();
        assertThat(hpm.http.post("/load-balancing-hosts/" + host, hpm.admin, "{\"maintenance\": 1}").status()).isEqualTo(400);
    }

    /**
     * DWM maintenance feeds the weights: a host a server pool is evacuating is quiesced, and when it
     * leaves maintenance its members come back from 0 by at most the bounded step per interval (it
     * stays in maintenance over an interval's end, so that 0 is the weight the recovery starts from).
     * The pool is set to recommend so that its servers stay on the host while it is entering.
     */
    @Test
    void poolMaintenance_enterQuiescesTheHostsMembers_leaveRecoversByTheBound() {
        String pool = hpm.http.get("/server-pools", hpm.admin).json().get("server-pools").get(0).get("id").asText();
        Http.Response recommend = hpm.http.post("/server-pools/" + pool + "/dwm-policy", hpm.admin,
                "{\"mode\": \"recommend\", \"power-save\": {\"enabled\": false}}");
        assertThat(recommend.status()).as(recommend.text()).isEqualTo(200);
        String host = hostOf("trade-1");
        Http.Response enter = hpm.http.post("/hypervisors/" + host + "/maintenance", hpm.admin, "{\"action\": \"enter\"}");
        assertThat(enter.status()).as(enter.text()).isEqualTo(202);
        try {
            JsonNode quiesced = await("t1 quiesced", () -> member("t1"), m -> m.get("quiesced").asBoolean());
            assertThat(quiesced.get("weight").asInt()).isZero();
            assertThat(quiesced.get("terms")).anySatisfy(t -> {
                assertThat(t.get("name").asText()).isEqualTo("maintenance");
                assertThat(t.get("reason").asText()).contains("its host is in maintenance");
            });
            assertThat(hpm.http.get("/load-balancing-hosts", hpm.admin).json().get("in-pool-maintenance"))
                    .extracting(JsonNode::asText).contains("sim://" + host);
            hpm.awaitIntervals(2);
            assertThat(member("t1").get("weight").asInt()).as("still quiesced an interval later").isZero();
        } finally {
            Http.Response leave = hpm.http.post("/hypervisors/" + host + "/maintenance", hpm.admin, "{\"action\": \"leave\"}");
            assertThat(leave.status()).as(leave.text()).isEqualTo(202);
        }
        JsonNode back = await("t1 serving again", () -> member("t1"), m -> !m.get("quiesced").asBoolean());
        assertThat(back.get("weight").asInt()).as("one bounded step from 0").isBetween(1, 30);
        System.out.printf("[lb] pool maintenance of %s: t1 quiesced at 0; after leaving, weight %d (target %d)%n", host,
                back.get("weight").asInt(), back.get("target").asInt());
        hpm.awaitIntervals(3);
        JsonNode history = member("t1").get("history");
        int lastZero = -1;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).get("weight").asInt() == 0) {
                lastZero = i;
            }
        }
        assertThat(lastZero).as("the quiesced point is in the history").isNotNegative();
        assertThat(history.size() - lastZero).as("points after leaving").isGreaterThanOrEqualTo(3);
        for (int i = lastZero + 1; i < history.size(); i++) {
            int step = history.get(i).get("weight").asInt() - history.get(i - 1).get("weight").asInt();
            assertThat(Math.abs(step)).as("change at point %d of %s", i, history).isLessThanOrEqualTo(30);
            assertThat(history.get(i).get("weight").asInt()).isPositive();
        }
        System.out.println("[lb] t1's weights since it was quiesced: " + java.util.stream.StreamSupport.stream(
                history.spliterator(), false).skip(lastZero).map(p -> p.get("weight").asText()).toList());
    }

    JsonNode member(String name) {
        for (JsonNode m : weights()) {
            if (m.get("member").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no member " + name + " in " + weights());
    }

    static JsonNode await(String what, java.util.function.Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(what + " did not happen within 30 s; last: " + last);
    }

    /** The name of the hypervisor that runs {@code vs}. */
    String hostOf(String vs) {
        String id = hpm.http.get("/virtual-servers/" + vs, hpm.admin).json().get("host").asText();
        for (JsonNode h : hpm.http.get("/hypervisors", hpm.admin).json().get("hypervisors")) {
            if (h.get("id").asText().equals(id)) {
                return h.get("name").asText();
            }
        }
        return null;
    }

    @Test
    void sasp_configuredServerAnswersWithTheApisWeights() throws Exception {
        int port = hpm.server.loadBalancers().saspPort();
        SaspMessage.GroupData g = new SaspMessage.GroupData("lb-api", "trading");
        SaspMessage.MemberData t1 = new SaspMessage.MemberData(6, 443, Ip16.of("10.1.0.1"), "t1");
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            s.getOutputStream().write(SaspCodec.encode(new SaspMessage(1, 1, new SaspMessage.RegistrationRequest(true,
                    List.of(new SaspMessage.GroupMembers(g, List.of(t1)))))));
            assertThat(((SaspMessage.Reply) read(in).body()).code()).isZero();
            s.getOutputStream().write(SaspCodec.encode(new SaspMessage(1, 2, new SaspMessage.GetWeightsRequest(List.of(g)))));
            SaspMessage.GetWeightsReply reply = (SaspMessage.GetWeightsReply) read(in).body();
            int api = weights().get(0).get("weight").asInt();
            assertThat(reply.interval()).isEqualTo(1);
            assertThat(reply.groups().getFirst().entries().getFirst().weight()).isBetween(api - 30, api + 30);
            assertThat(reply.groups().getFirst().entries().getFirst().flags() & 0x01).as("contact success").isEqualTo(1);
        }
        assertThat(hpm.http.get("/load-balancing-groups", hpm.admin).json().get("sasp-load-balancers"))
                .anySatisfy(lb -> assertThat(lb.get("lb-uid").asText()).isEqualTo("lb-api"));
    }

    static SaspMessage read(DataInputStream in) throws Exception {
        byte[] header = new byte[13];
        in.readFully(header);
        byte[] m = java.util.Arrays.copyOf(header, ByteBuffer.wrap(header).getInt(5));
        in.readFully(m, 13, m.length - 13);
        return SaspCodec.decode(m);
    }

    @Test
    void delete_removesTheGroup() {
        assertThat(hpm.http.post("/load-balancing-groups", hpm.admin,
                "{\"name\": \"gone\", \"members\": [{\"name\": \"m\", \"virtual-server\": \"trade-3\"}]}").status()).isEqualTo(201);
        assertThat(hpm.http.delete("/load-balancing-groups/gone", hpm.admin).status()).isEqualTo(204);
        assertThat(hpm.http.get("/load-balancing-groups/gone", hpm.admin).status()).isEqualTo(404);
    }

    @Test
    void metrics_exposeEveryMembersWeight() {
        String text = new Http(hpm.server.baseUrl()).get("/metrics", hpm.admin).text();
        assertThat(text).contains("hpm_lb_member_weight{group=\"trading\",member=\"t1\"}")
                .contains("hpm_sasp_load_balancers_connected");
    }
}
