package dev.hpm.server.ui;

import dev.hpm.server.HpmServer;
import dev.hpm.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI at {@code /zhpm/wsapi/v1/docs} in a real headless Chromium: it renders HPM's operations
 * under the server's Content-Security-Policy, with no violation reported by the browser. A screenshot
 * goes to {@code hpm-server/target/ui-screenshots/api-docs.png}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsBrowserTest {
    /** Collects every CSP violation of the page, installed before the page's own scripts run. */
    static final String RECORD_VIOLATIONS = "window.hpmCspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.hpmCspViolations.push("
            + "e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));";
    TestServer hpm;
    Browser browser;

    @BeforeAll
    void start() {
        hpm = TestServer.embedded();
        browser = new Browser(hpm.server.baseUrl());
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
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

    @Test
    void docs_rendersTheOperationsWithNoCspViolation() {
        browser.driver.get(hpm.server.baseUrl() + HpmServer.BASE + "/docs");
        browser.until(d -> d.findElements(By.cssSelector(".opblock-tag")).size() > 5 ? true : null, Duration.ofSeconds(30));
        String text = browser.driver.findElement(By.tagName("body")).getText();
        assertThat(text).contains("server-pools").contains("workload-resource-groups")
                .contains("/zhpm/wsapi/v1/openapi.json");
        // the operations of a tag, as a reader sees them: method and path
        assertThat(browser.driver.findElements(By.cssSelector(".opblock-summary-path")))
                .extracting(e -> e.getAttribute("data-path")).contains("/server-pools", "/server-pools/{id}/plans");
        browser.driver.findElement(By.cssSelector(".opblock-summary-path[data-path='/server-pools']")).click();
        browser.until(d -> d.findElements(By.cssSelector(".opblock.is-open")).isEmpty() ? null : true, Duration.ofSeconds(10));
        assertThat(browser.driver.findElement(By.cssSelector(".opblock.is-open")).getText())
                .contains("List server pools");
        browser.screenshot("api-docs");
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) browser.script("return window.hpmCspViolations");
        assertThat(violations).as("CSP violations in the page").isEmpty();
    }
}
