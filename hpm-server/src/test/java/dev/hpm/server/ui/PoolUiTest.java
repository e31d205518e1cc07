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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recommend mode in a real headless Chromium (issue 10, point 4): the simulated pool of
 * {@code ui/pool-recommend.yaml} (three lightly loaded hosts, DWM in recommend mode) makes a plan; a viewer sees it but has no Approve control and the server refuses
 * the viewer's POST; an admin approves it in the UI, the migrations happen, and the achieved
 * indicators appear beside the projected ones. Then maintenance with its progress bar and the
 * migration history. Screenshots go to {@code hpm-server/target/ui-screenshots/pool-*.png}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolUiTest {
    static final String VIEWER = "vera";
    static final String VIEWER_PASSWORD = "viewer-password-for-pool-ui";
    TestServer hpm;
    Browser browser;
    String pool;
    String plan;
    long started;
    Path scenario;

    /** A failing step leaves a screenshot and the page's text. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.AfterTestExecutionCallback onFailure = Browser.onFailure(() -> browser, "pool-");

    @BeforeAll
    void start() throws IOException {
        started = System.nanoTime();
        scenario = Browser.scenario(getClass(), "pool-recommend.yaml");
        hpm = new TestServer(StoreSettings::embedded, scenario);
        Http.Response created = hpm.http.post("/users", hpm.admin,
                "{\"name\": \"" + VIEWER + "\", \"role\": \"viewer\", \"password\": \"" + VIEWER_PASSWORD + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        pool = demoPool();
        assertThat(hpm.http.get("/server-pools/" + pool + "/dwm-policy", hpm.admin).json().get("mode").asText())
                .isEqualTo("recommend");
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
        if (scenario != null) {
            Files.deleteIfExists(scenario);
        }
        System.out.printf("[ui] PoolUiTest took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** The demo's server pool, or one of every hypervisor where the server made none. */
    String demoPool() {
        JsonNode pools = hpm.http.get("/server-pools", hpm.admin).json().get("server-pools");
        if (!pools.isEmpty()) {
            return pools.get(0).get("id").asText();
        }
        List<String> ids = new ArrayList<>();
        hpm.http.get("/hypervisors", hpm.admin).json().get("hypervisors").forEach(h -> ids.add('"' + h.get("id").asText() + '"'));
        Http.Response r = hpm.http.post("/server-pools", hpm.admin,
                "{\"name\": \"demo\", \"hypervisors\": [" + String.join(",", ids) + "]}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** Logs in as {@code user}, first logging out whoever is logged in (each test stands on its own). */
    void login(String user, String password) {
        browser.login("#/pools", "pools", user, password);
    }

    /** The pool page's link to the plan waiting for approval, once DWM has made one. */
    void openPendingPlan() {
        browser.open("#/pools/" + pool);
        browser.until(d -> !d.findElements(By.id("pending-plan-link")).isEmpty() ? true : null, Duration.ofSeconds(60));
        browser.click("#pending-plan-link");
        browser.find("#plan-actions");
    }

    @Test
    @Order(1)
    void viewer_seesThePendingPlan_withoutApproveControls_andTheServerRefusesItsPost() {
        login(VIEWER, VIEWER_PASSWORD);
        browser.waitForText("a plan waits for approval", Duration.ofSeconds(60));
        browser.screenshot("pool-01-pools");
        openPendingPlan();
        // DWM plans again every interval (1 s here) and a newer plan supersedes the pending one; the page
        // treats a plan replaced by one of the same actions as still open.
        String viewed = browser.driver.getCurrentUrl().replaceAll(".*/plans/", "");
        assertThat(browser.text("#plan-status")).isIn("pending", "superseded");
        assertThat(browser.text("#plan-decision")).contains("Viewers cannot approve or reject plans.");
        assertThat(browser.driver.findElements(By.id("plan-approve"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("plan-reject"))).isEmpty();
        assertThat(browser.text("#plan-actions")).contains("migrate", " → on sim-");
        assertThat(browser.text("#ind-achieved-watts")).isEqualTo("not yet");
        assertThat(browser.find("#ind-projected-watts").getAttribute("data-value")).isNotEmpty();
        browser.screenshot("pool-02-plan-viewer");
        Object answer = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/ui/js/api.js').then(m => m.api.post(arguments[0]))"
                + ".then(() => done('accepted'), e => done(e.status + ' ' + e.message));",
                "/server-pools/" + pool + "/plans/" + viewed + "/approve");
        assertThat(answer.toString()).startsWith("403 ");
        Http.Response direct = hpm.http.post("/server-pools/" + pool + "/plans/" + viewed + "/approve",
                Http.As.user(VIEWER, VIEWER_PASSWORD), "{}");
        assertThat(direct.status()).isEqualTo(403);
        assertThat(hpm.http.get("/server-pools/" + pool + "/plans/" + viewed, hpm.admin).json().get("status").asText())
                .isIn("pending", "superseded");
    }

    @Test
    @Order(2)
    void admin_approvesInTheUi_migrationsHappen_andAchievedAppearsBesideProjected() {
        login("admin", TestServer.ADMIN_PASSWORD);
        openPendingPlan();
        browser.find("#plan-approve");
        browser.screenshot("pool-03-plan-pending");
        browser.click("#plan-approve");
        browser.until(d -> d.findElement(By.id("plan-status")).getText().equals("executed")
                && !d.findElement(By.id("ind-achieved-watts")).getText().equals("not yet") ? true : null, Duration.ofSeconds(90));
        plan = browser.driver.getCurrentUrl().replaceAll(".*/plans/", "");
        assertThat(browser.driver.findElements(By.id("plan-approve"))).isEmpty();
        for (WebElement state : browser.driver.findElements(By.cssSelector("#plan-actions [data-state]"))) {
            assertThat(state.getAttribute("data-state")).isEqualTo("done");
        }
        for (String key : List.of("watts", "powered-hosts", "migrations")) {
            assertThat(browser.find("#ind-projected-" + key).getAttribute("data-value")).as(key).isNotEmpty();
            assertThat(browser.find("#ind-achieved-" + key).getAttribute("data-value")).as(key).isNotEmpty();
        }
        browser.screenshot("pool-04-plan-executed");
        JsonNode moves = hpm.http.get("/migrations?limit=100", hpm.admin).json().get("migrations");
        List<String> ofPlan = new ArrayList<>();
        moves.forEach(m -> {
            if (plan.equals(m.path("plan").asText())) {
                ofPlan.add(m.get("state").asText());
            }
        });
        assertThat(ofPlan).isNotEmpty().allMatch("done"::equals);
    }

    @Test
    @Order(3)
    void poolPage_showsHostsServersAndCharts_andMaintenanceShowsItsProgress() {
        login("admin", TestServer.ADMIN_PASSWORD);
        // Automatic (maintenance is carried out at once) with power save off: only maintenance moves servers now.
        Http.Response auto = hpm.http.post("/server-pools/" + pool + "/dwm-policy", hpm.admin,
                "{\"mode\": \"automatic\", \"power-save\": {\"enabled\": false}}");
        assertThat(auto.status()).as(auto.text()).isEqualTo(200);
        browser.open("#/pools/" + pool);
        browser.find("#pool-hosts");
        assertThat(browser.text("#pool-hosts")).contains("Power", "Maintenance", "Memory");
        assertThat(browser.text("#pool-charts")).contains("Power draw (W)", "Migrations started", "Host CPU utilisation (%)");
        browser.screenshot("pool-05-pool");
        browser.size(390, 844);
        try {
            browser.open("#/pools/" + pool);
            browser.find("#pool-hosts");
            Object overflow = browser.script("return document.documentElement.scrollWidth > window.innerWidth + 1");
            assertThat(overflow).as("the pool page scrolls sideways on a narrow screen").isEqualTo(false);
            browser.screenshot("pool-08-pool-narrow");
        } finally {
            browser.size(1280, 800);
        }
        browser.open("#/pools/" + pool);
        browser.find("#pool-hosts");
        // A host with servers on it, so that the bar has something to show.
        String host = (String) browser.until(d -> browser.script("for (const r of document.querySelectorAll('#pool-hosts tbody tr')) {"
                + " const b = r.querySelector(\"button[id^='enter-maint-']\");"
                + " if (b && Number(r.cells[7].textContent) > 0) { return b.id.slice('enter-maint-'.length); } } return null;"),
                Duration.ofSeconds(20));
        browser.clickAndConfirm("#enter-maint-" + host);
        browser.find(".maint progress");
        browser.until(d -> d.findElement(By.id("maintenance-progress")).getText().contains("Maintenance of") ? true : null,
                Duration.ofSeconds(10));
        browser.screenshot("pool-06-maintenance-progress");
        browser.clickAndConfirm("#leave-maint-" + host);
        browser.until(d -> !d.findElements(By.id("enter-maint-" + host)).isEmpty() ? true : null, Duration.ofSeconds(90));
    }

    @Test
    @Order(4)
    void migrationHistory_filtersByHost() {
        login("admin", TestServer.ADMIN_PASSWORD);
        browser.open("#/migrations");
        browser.find("#migrations-table");
        browser.until(d -> d.findElement(By.id("mig-count")).getText().matches("[1-9]\\d* migrations.*") ? true : null,
                Duration.ofSeconds(20));
        browser.screenshot("pool-07-migrations");
        WebElement option = browser.driver.findElements(By.cssSelector("#mig-host option")).get(1);
        String name = option.getText();
        browser.choose("#mig-host", option.getAttribute("value"));
        browser.until(d -> d.findElements(By.cssSelector("#migrations-table tbody tr")).stream()
                .allMatch(r -> r.getText().contains(name) || r.getText().contains("No migrations match")) ? true : null,
                Duration.ofSeconds(10));
        assertThat(browser.driver.findElement(By.id("banner")).isDisplayed()).as("an error banner").isFalse();
    }
}
