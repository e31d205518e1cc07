package dev.hpm.cli.commands;

import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.server.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** lb-groups and lb-weights against a live server with a load-balancing group of two demo servers. */
class LbCommandsTest extends LiveServerTest {
    void web() {
        if (hpm.http.get("/load-balancing-groups/web", hpm.admin).status() == 404) {
            Http.Response r = hpm.http.post("/load-balancing-groups", hpm.admin, """
                    {"name": "web", "members": [
                      {"name": "w1", "virtual-server": "shop-web-1", "address": "10.0.0.1", "port": 80},
                      {"name": "w2", "virtual-server": "no-such-vs", "address": "10.0.0.2", "port": 80}]}""");
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            hpm.awaitIntervals(2);
        }
    }

    @Test
    void lbGroups_table_listsEveryMember() {
        web();
        CliRun r = viewer("lb-groups");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines().getFirst()).startsWith("GROUP").contains("MEMBER", "VIRTUAL SERVER", "ADDRESS", "PORT");
        assertThat(r.row("web")).get().satisfies(cells -> assertThat(cells).contains("w1", "shop-web-1", "10.0.0.1", "80"));
    }

    @Test
    void lbWeights_table_showsWeightAndReason() {
        web();
        CliRun r = viewer("lb-weights", "web");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines().getFirst()).startsWith("MEMBER").contains("WEIGHT", "TARGET", "SERVING", "WHY");
        assertThat(r.out()).contains("capacity").contains("no virtual server known to HPM backs it");
        assertThat(viewer("lb-weights", "nosuch").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
