package dev.hpm.server.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;
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
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real headless Chromium against a live server whose demo pool runs
 * {@code ui/contention.yaml}: what an operator does, in order, asserting on what the page shows.
 * Every page is photographed into {@code hpm-server/target/ui-screenshots}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiTest {
    static final String VIEWER_PASSWORD = "viewer-password-for-tests";
    TestServer hpm;
    Browser browser;
    Path scenario;

    /** A failing step leaves a screenshot and the page's text. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.AfterTestExecutionCallback onFailure = Browser.onFailure(() -> browser, "");

    @BeforeAll
    void start() throws IOException {
        scenario = Browser.scenario(getClass(), "contention.yaml");
        hpm = new TestServer(StoreSettings::embedded, scenario);
        hpm.awaitIntervals(2);
        Http.Response created = hpm.http.post("/users", hpm.admin,
                "{\"name\": \"olivia\", \"role\": \"viewer\", \"password\": \"" + VIEWER_PASSWORD + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        browser = new Browser(hpm.server.baseUrl());
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (hpm != null) {
            hpm.close();
        }
        Files.deleteIfExists(scenario);
    }

    void login(String user, String password) {
        browser.open("#/overview");
        browser.type("#login-user", user);
        browser.type("#login-password", password);
        browser.find("#login-password").sendKeys(Keys.ENTER); // the keyboard alone logs in
    }

    @Test
    @Order(1)
    void login_wrongPassword_saysSoInWords() {
        login("admin", "not-the-password");
        browser.waitForText("The user name or password is not right");
        browser.screenshot("01-login-failed");
        assertThat(browser.driver.findElements(By.cssSelector("#nav a"))).isEmpty();
    }

    @Test
    @Order(2)
    void login_admin_showsTheOverview() {
        login("admin", TestServer.ADMIN_PASSWORD);
        browser.waitForText("hosts under contention");
        assertThat(browser.text("#overview-groups")).contains("default");
        assertThat(browser.text("#overview-hosts")).contains("host-1", "host-2");
        assertThat(browser.text(".who")).contains("admin");
        browser.screenshot("02-overview");
    }

    @Test
    @Order(3)
    void createGroup_thenAddServersBySearchAndMultiSelect() {
        browser.open("#/groups");
        browser.click("#create-group summary");
        browser.type("#new-group-name", "Gold");
        browser.choose("#new-group-importance", "highest");
        browser.type("#new-group-description", "the order system");
        browser.click("#create-group-submit");
        browser.until(d -> d.findElement(By.tagName("h1")).getText().startsWith("Gold") ? true : null, Duration.ofSeconds(20));
        assertThat(browser.text("#h-members")).isEqualTo("Virtual servers (0)");

        browser.click("#add-servers summary");
        browser.type("#candidate-search", "app");
        browser.waitForText("1 match");
        browser.click("#candidate-all");
        browser.click("#candidate-action");
        browser.waitForText("Added 1 server.");
        browser.click("#add-servers summary");
        browser.type("#candidate-search", "batch");
        browser.find(".candidate-check[value='batch-1']").click();
        browser.click("#candidate-action");
        browser.waitForText("Added 1 server.");
        browser.until(d -> d.findElement(By.id("h-members")).getText().equals("Virtual servers (2)") ? true : null, Duration.ofSeconds(10));
        assertThat(browser.text("#member-table")).contains("app-1", "batch-1").doesNotContain("web-1");
        browser.screenshot("03-group-members");
    }

    @Test
    @Order(4)
    void definePolicy_twoClassesAndARule_previewShowsTheMatches() {
        browser.open("#/groups/Gold");
        browser.find("#class-name-0");
        browser.change("#class-name-0", "online");
        browser.choose("#class-goal-0", "fast");
        browser.choose("#class-importance-0", "highest");
        browser.click("#add-class");
        browser.change("#class-name-1", "batch");
        browser.choose("#class-goal-1", "discretionary");
        browser.click("#add-rule");
        browser.choose("#rule-class-0", "batch");
        browser.choose("#rule-0-op-0", "wildcard");
        browser.change("#rule-0-value-0", "batch-*");
        browser.choose("#default-class", "online");
        browser.until(d -> d.findElement(By.id("rule-preview-0")).getText().equals("Matches 1: batch-1") ? true : null, Duration.ofSeconds(10));
        assertThat(browser.text("#default-preview")).isEqualTo("No rule matches 1: app-1");
        browser.screenshot("04-policy-editor");
        browser.click("#save-policy");
        browser.waitForText("Saved the policy of Gold");
        JsonNode saved = hpm.http.get("/workload-resource-groups/Gold", hpm.admin).json().get("performance-policy");
        assertThat(saved.get("service-classes").toString()).contains("\"online\"", "\"fast\"", "\"highest\"", "\"discretionary\"");
        assertThat(saved.get("rules").get(0).get("filters").get(0).get("value").asText()).isEqualTo("batch-*");
    }

    @Test
    @Order(5)
    void contention_resolvesOnTheCharts() {
        browser.open("#/classes/Gold/online");
        // The PI chart's series first goes above 1 (app-1 misses its new fast goal), then HPM moves shares
        // and the latest PI is on goal; the charts refresh by themselves.
        browser.until(d -> {
            List<WebElement> pi = d.findElements(By.cssSelector("tr[data-series='PI']"));
            if (pi.isEmpty() || pi.getFirst().getAttribute("data-max").isEmpty()) {
                return null;
            }
            double max = Double.parseDouble(pi.getFirst().getAttribute("data-max"));
            double latest = Double.parseDouble(pi.getFirst().getAttribute("data-latest"));
            return max > 1 && latest <= 1 ? true : null;
        }, Duration.ofSeconds(60));
        browser.waitForText("on goal");
        assertThat(browser.text("#class-summary")).contains("goal fast (velocity 70 %)", "importance highest");
        assertThat(browser.text("#class-servers")).contains("app-1").doesNotContain("batch-1");
        browser.screenshot("05-class-chart-resolved");
    }

    @Test
    @Order(6)
    void adjustmentReport_showsTheAdjustmentWithItsReason() {
        browser.open("#/adjustments");
        browser.choose("#adj-group", "Gold");
        browser.until(d -> d.findElement(By.cssSelector("table.adjustments")).getText().contains("Gold/online") ? true : null,
                Duration.ofSeconds(20));
        String report = browser.text("table.adjustments");
        assertThat(report).contains("Gold/online", "Gold/batch", "app-1 receiver", "batch-1 donor", "missed its goal");
        browser.screenshot("06-adjustments");
    }

    @Test
    @Order(7)
    void exportThenImport_bringsADeletedGroupBack() throws IOException {
        browser.open("#/policies");
        browser.click("#export-policies");
        Path file = browser.downloads.resolve("hpm-policies.json");
        browser.until(d -> Files.exists(file) ? true : null, Duration.ofSeconds(20));
        JsonNode doc = Documents.parseJson(Files.readString(file), "export");
        assertThat(doc.get("workload-resource-groups").toString()).contains("\"Gold\"", "batch-*");

        browser.open("#/groups/Gold");
        browser.clickAndConfirm("#delete-group");
        browser.until(d -> d.getCurrentUrl().endsWith("#/groups") ? true : null, Duration.ofSeconds(10));
        browser.until(d -> !d.findElement(By.id("groups-table")).getText().contains("Gold") ? true : null, Duration.ofSeconds(10));

        browser.open("#/policies");
        browser.find("#import-file").sendKeys(file.toString());
        browser.clickAndConfirm("#import-policies");
        browser.waitForText("Imported 2 groups with 2 listed servers.");
        assertThat(browser.text("#policies-table")).contains("Gold", "name wildcard \"batch-*\" → batch");
        browser.screenshot("07-policies-imported");
        assertThat(hpm.http.get("/virtual-servers/app-1", hpm.admin).json().get("service-class").asText()).isEqualTo("online");
    }

    @Test
    @Order(8)
    void everyPage_rendersItsData() {
        String[][] pages = {
            {"#/groups", "#groups-table", "Gold", "08-groups"},
            {"#/classes", "#classes-table", "Gold / online", "09-classes"},
            {"#/servers", "#servers-table", "web-3", "10-servers"},
            {"#/servers/app-1", "#vs-facts", "Gold", "11-server"},
            {"#/management", "#levels-hosts", "host-1", "12-management"},
            {"#/hosts/sim%3A%2F%2Fhost-1", "h1", "sim://host-1", "13-host"},
            {"#/groups/Gold", "#group-classes", "online", "14-group"},
        };
        for (String[] p : pages) {
            browser.open(p[0]);
            browser.until(d -> d.findElement(By.cssSelector(p[1])).getText().contains(p[2]) ? true : null, Duration.ofSeconds(20));
            browser.screenshot(p[3]);
        }
        browser.open("#/classes/Gold/online");
        browser.find("tr[data-series='PI']");
        browser.choose("#chart-range", "36h"); // 5-minute buckets over the kept history
        browser.until(d -> d.findElement(By.cssSelector("tr[data-series='PI']")).getAttribute("data-latest").isEmpty() ? null : true,
                Duration.ofSeconds(20));
        assertThat(browser.driver.findElement(By.id("banner")).isDisplayed()).as("an error banner").isFalse();
        browser.screenshot("18-class-36h");
        browser.open("#/servers");
        browser.choose("#vs-group", "Gold");
        browser.until(d -> d.findElement(By.id("vs-count")).getText().equals("2 servers.") ? true : null, Duration.ofSeconds(10));
    }

    @Test
    @Order(9)
    void narrowScreen_menuOpensAndPagesRead() {
        browser.size(390, 844);
        try {
            browser.open("#/overview");
            browser.waitForText("hosts under contention");
            assertThat(browser.find("#menu-toggle").isDisplayed()).isTrue();
            browser.click("#menu-toggle");
            browser.find("#nav a[href='#/servers']");
            browser.screenshot("15-narrow-menu");
            browser.click("#nav a[href='#/servers']");
            browser.find("#servers-table");
            Object overflow = browser.script("return document.documentElement.scrollWidth > window.innerWidth + 1");
            assertThat(overflow).as("the page scrolls sideways on a narrow screen").isEqualTo(false);
            browser.screenshot("16-narrow-servers");
        } finally {
            browser.size(1280, 800);
        }
    }

    @Test
    @Order(10)
    void viewer_seesEverything_changesNothing() {
        browser.click(".who button");
        browser.waitForText("You have logged out.");
        login("olivia", VIEWER_PASSWORD);
        browser.waitForText("hosts under contention");
        assertThat(browser.text(".who")).contains("olivia", "viewer (read-only)");
        browser.open("#/groups");
        browser.find("#groups-table");
        assertThat(browser.driver.findElements(By.id("create-group"))).isEmpty();
        browser.open("#/groups/Gold");
        assertThat(browser.find("#class-name-0").isEnabled()).isFalse();
        assertThat(browser.driver.findElements(By.id("save-policy"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("delete-group"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("candidate-action"))).isEmpty();
        browser.open("#/servers/app-1");
        assertThat(browser.find("#vs-level").isEnabled()).isFalse();
        browser.waitForText("Viewers cannot change settings.");
        browser.open("#/policies");
        browser.find("#export-policies");
        assertThat(browser.driver.findElements(By.id("import-policies"))).isEmpty();
        // Even a page tampered with to send a change gets the server's refusal, shown in words.
        Object message = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/ui/js/api.js').then(m => m.api.post('/workload-resource-groups', {name: 'Sneaky'}))"
                + ".then(() => done('accepted'), e => done(e.message));");
        assertThat(message.toString()).contains("viewer and may not change anything");
        assertThat(hpm.http.get("/workload-resource-groups/Sneaky", hpm.admin).status()).isEqualTo(404);
        browser.screenshot("17-viewer-group");
    }

}
