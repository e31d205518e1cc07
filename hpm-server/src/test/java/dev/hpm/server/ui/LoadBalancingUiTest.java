package dev.hpm.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load-balancing pages in a real headless Chromium, on the demo pool: an admin creates a group
 * in the UI (a malformed member line is refused with the line named), sees each member's weight,
 * target, serving and confident flags and the terms' reasons; a host put in maintenance shows its
 * member quiesced at weight 0 with the reason; a viewer sees the weights without the create form or
 * the delete button; the admin deletes the group. Screenshots go to
 * {@code hpm-server/target/ui-screenshots/lb-*.png}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancingUiTest {
    static final String VIEWER = "lena";
    static final String VIEWER_PASSWORD = "viewer-password-for-lb-ui";
    TestServer hpm;
    Browser browser;

    /** A failing step leaves a screenshot and the page's text. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.AfterTestExecutionCallback onFailure = Browser.onFailure(() -> browser, "lb-");

    @BeforeAll
    void start() {
        hpm = new TestServer(StoreSettings::embedded);
        Http.Response created = hpm.http.post("/users", hpm.admin,
                "{\"name\": \"" + VIEWER + "\", \"role\": \"viewer\", \"password\": \"" + VIEWER_PASSWORD + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        hpm.awaitIntervals(1);
        browser = new Browser(hpm.server.baseUrl());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (hpm != null) {
            hpm.close();
        }
    }

    void login(String user, String password) {
        browser.login("#/load-balancing", "lb-groups", user, password);
        browser.open("#/load-balancing");
        browser.find("#lb-groups-table");
    }

    /** The weights table's row of {@code member}, cell texts by column title. */
    java.util.Map<String, String> row(String member) {
        WebElement table = browser.find("#lb-weights-table");
        List<String> titles = table.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText).toList();
        for (WebElement tr : table.findElements(By.cssSelector("tbody tr"))) {
            List<WebElement> cells = tr.findElements(By.tagName("td"));
            if (!cells.isEmpty() && cells.get(0).getText().equals(member)) {
                java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    out.put(titles.get(i), cells.get(i).getText());
                }
                return out;
            }
        }
        return null;
    }

    @Test
    @Order(1)
    void admin_createsAGroup_andSeesEachMembersWeightFlagsAndReasons() {
        login("admin", TestServer.ADMIN_PASSWORD);
        browser.waitForText("No load-balancing groups yet.");
        browser.click("#create-lb-group summary");
        browser.type("#new-lb-name", "shop");
        browser.type("#new-lb-description", "the shop's front ends");
        browser.type("#new-lb-members", "w1 trade-1 10.1.0.1:443\nw2 trade-2 10.1.0.2:nope");
        browser.click("#create-lb-submit");
        browser.waitForText("line 2: “10.1.0.2:nope” is not address:port");
        browser.type("#new-lb-members", "w1 trade-1 10.1.0.1:443\nw2 trade-2");
        browser.click("#create-lb-submit");
        browser.until(d -> d.getCurrentUrl().endsWith("#/load-balancing/shop") ? true : null, Duration.ofSeconds(20));
        browser.waitForText("Load-balancing group shop");
        browser.until(d -> row("w1") != null && row("w1").get("Confident").equals("yes") ? true : null, Duration.ofSeconds(30));
        var w1 = row("w1");
        assertThat(w1.get("Virtual server")).isEqualTo("trade-1");
        assertThat(w1.get("Endpoint")).isEqualTo("10.1.0.1:443");
        assertThat(Integer.parseInt(w1.get("Weight"))).isBetween(1, 100);
        assertThat(Integer.parseInt(w1.get("Target"))).isBetween(1, 100);
        assertThat(w1.get("Serving")).isEqualTo("yes");
        assertThat(w1.get("Why")).contains("capacity").contains("goal").contains("target").contains("100 × capacity × goal");
        assertThat(row("w2").get("Endpoint")).isEqualTo("–");
        JsonNode api = hpm.http.get("/load-balancing-groups/shop/weights", hpm.admin).json().get("weights");
        assertThat(api).extracting(m -> m.get("member").asText()).containsExactly("w1", "w2");
        browser.screenshot("lb-01-group");
    }

    @Test
    @Order(2)
    void hostInMaintenance_showsTheMemberQuiescedAtZeroWithTheReason() {
        login("admin", TestServer.ADMIN_PASSWORD);
        browser.open("#/load-balancing/shop");
        String host = hpm.http.get("/virtual-servers/trade-1", hpm.admin).json().get("host").asText();
        String name = null;
        for (JsonNode h : hpm.http.get("/hypervisors", hpm.admin).json().get("hypervisors")) {
            if (h.get("id").asText().equals(host)) {
                name = h.get("name").asText();
            }
        }
        assertThat(hpm.http.post("/load-balancing-hosts/" + name, hpm.admin, "{\"maintenance\": true}").status()).isEqualTo(200);
        try {
            browser.until(d -> row("w1") != null && row("w1").get("Serving").equals("no — quiesced") ? true : null,
                    Duration.ofSeconds(20));
            assertThat(row("w1").get("Weight")).isEqualTo("0");
            assertThat(row("w1").get("Why")).contains("maintenance 0: its host is in maintenance");
            browser.screenshot("lb-02-maintenance");
        } finally {
            assertThat(hpm.http.post("/load-balancing-hosts/" + name, hpm.admin, "{\"maintenance\": false}").status()).isEqualTo(200);
        }
        browser.until(d -> row("w1") != null && row("w1").get("Serving").equals("yes") ? true : null, Duration.ofSeconds(20));
    }

    @Test
    @Order(3)
    void viewer_seesTheWeights_withoutCreateOrDelete() {
        login(VIEWER, VIEWER_PASSWORD);
        assertThat(browser.text("#lb-groups-table")).contains("shop").contains("the shop's front ends");
        assertThat(browser.driver.findElements(By.id("create-lb-group"))).isEmpty();
        browser.click("#lb-groups-table a");
        browser.until(d -> row("w1") != null ? true : null, Duration.ofSeconds(20));
        assertThat(browser.driver.findElements(By.id("lb-delete"))).isEmpty();
        assertThat(hpm.http.delete("/load-balancing-groups/shop", Http.As.user(VIEWER, VIEWER_PASSWORD)).status()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void admin_deletesTheGroup() {
        login("admin", TestServer.ADMIN_PASSWORD);
        browser.open("#/load-balancing/shop");
        browser.clickAndConfirm("#lb-delete");
        browser.until(d -> d.getCurrentUrl().endsWith("#/load-balancing") ? true : null, Duration.ofSeconds(20));
        browser.waitForText("No load-balancing groups yet.");
        assertThat(hpm.http.get("/load-balancing-groups/shop", hpm.admin).status()).isEqualTo(404);
    }
}
