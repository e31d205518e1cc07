package dev.hpm.server.ui;

import dev.hpm.server.TestServer;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time to first render of the overview with 1,000 virtual servers, measured in the browser: from
 * the start of navigation ({@code performance.now()} is 0 there) to the moment the page has drawn
 * the overview's data. A figure to print, not a timed assertion; the test asserts what is drawn.
 */
@Tag("browser")
class OverviewRenderTimeTest {
    static final int HOSTS = 10;
    static final int PER_HOST = 100;
    static final int LOADS = 7;

    static String scenario() {
        StringBuilder s = new StringBuilder("""
                name: ui-thousand
                description: 1,000 servers on 10 hosts in four groups.
                duration: 2h
                interval: 10s
                tick: 1s
                seed: 3
                hosts:
                """);
        for (int h = 1; h <= HOSTS; h++) {
            s.append("  - {name: node-").append(h).append(", cpus: 32}\n");
        }
        s.append("""
                groups:
                  - {name: Trading, importance: highest, policy: {service-classes: [{name: online, goal: fast, importance: highest}]}}
                  - {name: WebShop, importance: high, policy: {service-classes: [{name: web, goal: moderate, importance: high}]}}
                  - {name: Reporting, importance: medium, policy: {service-classes: [{name: reports, goal: slow, importance: medium}]}}
                  - {name: Batch, importance: low, policy: {service-classes: [{name: batch, goal: discretionary}]}}
                servers:
                """);
        String[] groups = {"Trading", "WebShop", "Reporting", "Batch"};
        for (int h = 1; h <= HOSTS; h++) {
            for (int g = 0; g < groups.length; g++) {
                s.append("  - {name-prefix: ").append(groups[g].toLowerCase(Locale.ROOT)).append("-n").append(h)
                        .append("-, count: ").append(PER_HOST / groups.length).append(", host: node-").append(h)
                        .append(", group: ").append(groups[g]).append(", vcpus: 1, demand: {model: constant, cpus: 0.3}}\n");
            }
        }
        return s.toString();
    }

    @Test
    void overview_thousandServers_printsTimeToFirstRender() throws Exception {
        Path file = Files.createTempFile("ui-thousand-", ".yaml");
        Files.writeString(file, scenario());
        try (TestServer hpm = new TestServer(StoreSettings::embedded, file);
             Browser browser = new Browser(hpm.server.baseUrl())) {
            hpm.awaitIntervals(2);
            assertThat(hpm.http.get("/virtual-servers", hpm.admin).json().get("virtual-servers").size()).isEqualTo(HOSTS * PER_HOST);
            browser.open("#/overview");
            browser.type("#login-user", "admin");
            browser.type("#login-password", TestServer.ADMIN_PASSWORD);
            browser.find("#login-password").sendKeys(Keys.ENTER);
            browser.find("#overview-hosts");
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < LOADS; i++) {
                browser.driver.navigate().refresh();
                Object t = browser.until(d -> browser.script("return window.hpmOverviewRendered"), Duration.ofSeconds(30));
                times.add(((Number) t).doubleValue());
                assertThat(browser.driver.findElements(By.cssSelector("#overview-hosts tbody tr"))).hasSize(HOSTS);
            }
            assertThat(browser.text("#overview-groups")).contains("Trading", "WebShop", "Reporting", "Batch");
            browser.screenshot("20-overview-1000-servers");
            List<Double> sorted = times.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "[ui-bench] overview with %,d virtual servers on %d hosts: time to first render"
                    + " (navigation start to data drawn, headless Chromium, %d loads): median %.0f ms, min %.0f ms, max %.0f ms%n",
                    HOSTS * PER_HOST, HOSTS, LOADS, sorted.get(LOADS / 2), sorted.getFirst(), sorted.getLast());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
