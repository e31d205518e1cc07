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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.InputStream;
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

    @RegisterExtension
    final AfterTestExecutionCallback onFailure = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            browser.screenshot("pool-failed-" + context.getRequiredTestMethod().getName());
            System.out.println("[ui] page at failure (" + browser.driver.getCurrentUrl() + "):\n"
                    + browser.driver.findElement(By.tagName("body")).getText());
        }
    };

    @BeforeAll
    void start() throws IOException {
        started = System.nanoTime();
        scenario = Files.createTempFile("ui-pool-recommend-", ".yaml");
        try (InputStream in = PoolUiTest.class.getResourceAsStream("pool-recommend.yaml")) {
            Files.write(scenario, in.readAllBytes());
        }
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

    void login(String user, String password) {
        browser.open("#/pools");
        browser.type("#login-user", user);
        browser.type("#login-password", password);
        browser.find("#login-password").sendKeys(Keys.ENTER);
        browser.find("#pools");
    }

    void logout() {
        browser.click(".who button");
        browser.waitForText("You have logged out.");
    }

    @Test
    @Order(1)
    void viewer_seesThePendingPlan_withoutApproveControls_andTheServerRefusesItsPost() {
        login(VIEWER, VIEWER_PASSWORD);
        browser.waitForText("a plan waits for approval", Duration.ofSeconds(60));
        browser.screenshot("pool-01-pools");
        browser.find(".pending-link").click();
        browser.find("#plan-actions");
        plan = browser.driver.getCurrentUrl().replaceAll(".*/plans/", "");
        assertThat(browser.text("#plan-status")).isEqualTo("pending");
        assertThat(browser.text("#plan-actions")).contains("migrate", "→");
        assertThat(browser.driver.findElements(By.id("plan-approve"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("plan-reject"))).isEmpty();
        assertThat(browser.text("#plan-decision")).contains("Viewers cannot approve or reject plans.");
        assertThat(browser.text("#ind-achieved-watts")).isEqualTo("not yet");
        assertThat(browser.find("#ind-projected-watts").getAttribute("data-value")).isNotEmpty();
        browser.screenshot("pool-02-plan-viewer");
        Object answer = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "import('/ui/js/api.js').then(m => m.api.post(arguments[0]))"
                + ".then(() => done('accepted'), e => done(e.status + ' ' + e.message));",
                "/server-pools/" + pool + "/plans/" + plan + "/approve");
        assertThat(answer.toString()).startsWith("403 ");
        Http.Response direct = hpm.http.post("/server-pools/" + pool + "/plans/" + plan + "/approve",
                Http.As.user(VIEWER, VIEWER_PASSWORD), "{}");
        assertThat(direct.status()).isEqualTo(403);
        assertThat(hpm.http.get("/server-pools/" + pool + "/plans/" + plan, hpm.admin).json().get("status").asText())
                .isEqualTo("pending");
        logout();
    }

    @Test
    @Order(2)
    void admin_approvesInTheUi_migrationsHappen_andAchievedAppearsBesideProjected() {
        login("admin", TestServer.ADMIN_PASSWORD);
        browser.open("#/pools/" + pool + "/plans/" + plan);
        browser.find("#plan-approve");
        browser.screenshot("pool-03-plan-pending");
        browser.click("#plan-approve");
        browser.until(d -> d.findElement(By.id("plan-status")).getText().equals("executed")
                && !d.findElement(By.id("ind-achieved-watts")).getText().equals("not yet") ? true : null, Duration.ofSeconds(90));
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
        browser.open("#/pools/" + pool);
        browser.find("#pool-hosts");
        assertThat(browser.text("#pool-hosts")).contains("Power", "Maintenance", "Memory");
        assertThat(browser.text("#pool-charts")).contains("Power draw (W)", "Migrations started", "Host CPU utilisation (%)");
        browser.screenshot("pool-05-pool");
        WebElement enter = browser.until(d -> d.findElements(By.cssSelector("button[id^='enter-maint-']")).stream()
                .findFirst().orElse(null), Duration.ofSeconds(20));
        String host = enter.getAttribute("id").substring("enter-maint-".length());
        enter.click();
        browser.driver.switchTo().alert().accept();
        browser.find(".maint progress");
        browser.until(d -> d.findElement(By.id("maintenance-progress")).getText().contains("Maintenance of") ? true : null,
                Duration.ofSeconds(10));
        browser.screenshot("pool-06-maintenance-progress");
        browser.click("#leave-maint-" + host);
        browser.driver.switchTo().alert().accept();
        browser.until(d -> !d.findElements(By.id("enter-maint-" + host)).isEmpty() ? true : null, Duration.ofSeconds(90));
    }

    @Test
    @Order(4)
    void migrationHistory_filtersByHost() {
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
