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
import org.openqa.selenium.interactions.Actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The charts (uPlot, from its WebJar) in a real headless Chromium against a live server whose demo
 * pool runs {@code ui/charts.yaml} (demand that changes every interval), on a service class's page: the read-out a user sees when
 * hovering over a sample, checked against the API's history for that time; a series hidden from the
 * legend; a stretch of the last 15 minutes zoomed by dragging, and all of them again after a double-click. Hiding and zooming outlast the
 * page's refresh. Screenshots of the read-out and of a zoomed range go to
 * {@code hpm-server/target/ui-screenshots/charts-*.png}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartsBrowserTest {
    static final String PI_CHART = "Performance index";
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** The chart whose figure caption starts with arguments[0], as {figure, chart}. */
    static final String CHART = "const f = [...document.querySelectorAll('figure.chart-box')]"
            + ".find((x) => x.querySelector('figcaption').textContent.startsWith(arguments[0]));";
    TestServer hpm;
    Browser browser;
    Path scenario;
    String serviceClass;

    /** A failing step leaves a screenshot and the page's text. */
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.AfterTestExecutionCallback onFailure = Browser.onFailure(() -> browser, "charts-");

    @BeforeAll
    void start() throws IOException {
        scenario = Browser.scenario(getClass(), "charts.yaml");
        hpm = new TestServer(StoreSettings::embedded, scenario);
        hpm.awaitIntervals(12); // a dozen samples on the charts
        serviceClass = hpm.http.get("/workload-resource-groups/default", hpm.admin).json()
                .get("performance-policy").get("service-classes").get(0).get("name").asText();
        browser = new Browser(hpm.server.baseUrl());
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", ApiDocsBrowserTest.RECORD_VIOLATIONS));
        browser.open("#/overview");
        browser.type("#login-user", "admin");
        browser.type("#login-password", TestServer.ADMIN_PASSWORD);
        browser.find("#login-password").sendKeys(Keys.ENTER);
        browser.waitForText("hosts under contention");
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

    @Test
    @Order(1)
    void uplot_isServedFromItsWebJar_underTheUiPolicy() {
        Http root = new Http(hpm.server.baseUrl());
        Http.Response js = root.get("/ui/lib/uplot.js", Http.As.ANONYMOUS);
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).startsWith("text/javascript");
        assertThat(js.header("Content-Security-Policy")).contains("script-src 'self'", "style-src 'self'");
        assertThat(js.text()).contains("export { uPlot as default }");
        Http.Response css = root.get("/ui/lib/uplot.css", Http.As.ANONYMOUS);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertThat(css.text()).contains(".u-legend");
    }

    @Test
    @Order(2)
    void drag_zoomsToTheDraggedRange_andKeepsItOverTheRefresh() {
        openClass();
        // The last 15 minutes (the server's history is a minute old: at an hour a pixel is 7 s).
        browser.choose("#chart-range", "15m");
        browser.until(d -> span(PI_CHART) == 15 * 60e3 ? true : null, Duration.ofSeconds(20));
        double before = span(PI_CHART);
        // From a little before the first sample to a little after the newest (or the plot's right edge,
        // where the newest may be): the hour's range shrinks to them.
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) browser.script(CHART + "const u = f.chart;"
                + "const known = u.data[0].map((t, i) => i).filter((i) => u.data[1][i] !== undefined && u.data[1][i] !== null);"
                + "const first = u.data[0][known[0]], last = u.data[0][known[known.length - 1]];"
                + "return {first, last, from: u.valToPos(first, 'x') - 3, to: Math.min(u.over.clientWidth - 1, u.valToPos(last, 'x') + 3),"
                + " width: u.over.clientWidth, height: u.over.clientHeight};", PI_CHART);
        double first = ((Number) at.get("first")).doubleValue();
        double last = ((Number) at.get("last")).doubleValue();
        WebElement plot = chartFigure(PI_CHART).findElement(By.cssSelector(".u-over"));
        int half = ((Number) at.get("width")).intValue() / 2;
        int from = (int) Math.floor(((Number) at.get("from")).doubleValue());
        int to = (int) Math.ceil(((Number) at.get("to")).doubleValue());
        new Actions(browser.driver).moveToElement(plot, from - half, 0).clickAndHold()
                .moveByOffset(to - from, 10).release().perform();
        double zoomed = span(PI_CHART);
        System.out.printf("[charts] x range before %.0f s; dragged over samples %s to %s, zoomed to %.0f s%n", before / 1e3,
                Instant.ofEpochMilli((long) first), Instant.ofEpochMilli((long) last), zoomed / 1e3);
        // The dragged pixels, as times: the window moves on a little between reading them and dragging.
        double perPixel = before / ((Number) at.get("width")).doubleValue();
        assertThat(zoomed).isCloseTo((to - from) * perPixel, within(2 * perPixel)).isLessThan(before / 20);
        assertThat(scale(PI_CHART, "min")).isCloseTo(first - 3 * perPixel, within(3 * perPixel));
        String hint = chartFigure(PI_CHART).findElement(By.cssSelector(".chart-hint")).getText();
        System.out.println("[charts] under the zoomed chart: " + hint);
        assertThat(hint).startsWith("Zoomed to " + STAMP.format(Instant.ofEpochMilli((long) scale(PI_CHART, "min"))).substring(0, 16))
                .endsWith("double-click the chart to show the whole range.");
        System.out.println("[charts] screenshot " + browser.screenshot("charts-zoomed", chartFigure(PI_CHART)).toAbsolutePath());
        awaitRedraw();
        assertThat(span(PI_CHART)).as("the zoom after the page's refresh").isCloseTo(zoomed, within(1.0));
    }

    @Test
    @Order(3)
    void hover_readOutShowsEverySeriesAtThatTime_asTheApiHasIt() {
        openClass();
        // A sample a few from the newest (which the next refresh may still change), in the zoomed range.
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) browser.script(CHART + "const u = f.chart;"
                + "const known = u.data[0].map((t, i) => i).filter((i) => u.data[1][i] !== undefined && u.data[1][i] !== null"
                + " && u.data[0][i] < u.scales.x.max);"
                + "const i = known[known.length - 4];"
                + "return {time: u.data[0][i], left: u.valToPos(u.data[0][i], 'x'), top: u.valToPos(u.data[1][i], 'y'),"
                + " width: u.over.clientWidth, height: u.over.clientHeight};", PI_CHART);
        long time = ((Number) at.get("time")).longValue();
        JsonNode sample = apiSample(time);
        Object distinct = browser.script(CHART + "return new Set(f.chart.data[1].filter((v) => v !== undefined && v !== null)).size;", PI_CHART);
        System.out.println("[charts] distinct PI values on the chart: " + distinct);
        assertThat(((Number) distinct).intValue()).as("PI values that differ, so the right sample is told apart").isGreaterThan(2);
        hover(PI_CHART, at);
        String tip = browser.until(d -> {
            Object t = browser.script(CHART + "const tip = f.querySelector('.chart-tip');"
                    + "return tip.hidden ? null : tip.innerText;", PI_CHART);
            return t != null && t.toString().contains(STAMP.format(Instant.ofEpochMilli(time))) ? t.toString() : null;
        }, Duration.ofSeconds(10));
        System.out.println("[charts] read-out at " + Instant.ofEpochMilli(time) + ":\n" + tip);
        System.out.println("[charts] API at that time: pi " + sample.get("pi") + ", worst-pi " + sample.get("worst-pi"));
        assertThat(tip.lines().findFirst()).hasValue(STAMP.format(Instant.ofEpochMilli(time)));
        assertThat(figure(tip, "PI")).isCloseTo(sample.get("pi").asDouble(), within(0.005));
        assertThat(figure(tip, "worst server PI")).isCloseTo(sample.get("worst-pi").asDouble(), within(0.005));
        System.out.println("[charts] screenshot " + browser.screenshot("charts-tooltip", chartFigure(PI_CHART)).toAbsolutePath());
    }

    @Test
    @Order(4)
    void legendClick_hidesTheSeries_evenAfterTheRefresh() {
        openClass();
        browser.until(d -> {
            d.findElement(By.cssSelector("tr[data-series='worst server PI'] th")).click();
            return true;
        }, Duration.ofSeconds(10));
        assertThat(shown(PI_CHART, "worst server PI")).isFalse();
        assertThat(shown(PI_CHART, "PI")).isTrue();
        assertThat(browser.find("tr[data-series='worst server PI']").getAttribute("class")).contains("u-off");
        awaitRedraw();
        assertThat(shown(PI_CHART, "worst server PI")).as("hidden after the page's refresh").isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> at = (Map<String, Object>) browser.script(CHART + "const u = f.chart;"
                + "return {left: u.over.clientWidth / 2, top: u.over.clientHeight / 2,"
                + " width: u.over.clientWidth, height: u.over.clientHeight};", PI_CHART);
        hover(PI_CHART, at);
        String tip = browser.until(d -> browser.script(CHART + "const tip = f.querySelector('.chart-tip');"
                + "return tip.hidden ? null : tip.innerText;", PI_CHART), Duration.ofSeconds(10)).toString();
        System.out.println("[charts] read-out with worst server PI hidden:\n" + tip);
        assertThat(tip).contains("PI: ").doesNotContain("worst server PI");
        browser.find("tr[data-series='worst server PI'] th").click();
        assertThat(shown(PI_CHART, "worst server PI")).isTrue();
    }

    @Test
    @Order(5)
    void doubleClick_showsTheWholeRangeAgain() {
        openClass();
        assertThat(chartFigure(PI_CHART).findElement(By.cssSelector(".chart-hint")).getText()).startsWith("Zoomed to ");
        new Actions(browser.driver).doubleClick(chartFigure(PI_CHART).findElement(By.cssSelector(".u-over"))).perform();
        double whole = span(PI_CHART);
        System.out.printf("[charts] x range after the double-click %.0f s%n", whole / 1e3);
        assertThat(whole).isGreaterThanOrEqualTo(15 * 60e3);
        assertThat(chartFigure(PI_CHART).findElement(By.cssSelector(".chart-hint")).getText()).startsWith("Drag across the chart");
    }

    @Test
    @Order(6)
    void charts_drawUnderTheUiPolicy_withNoViolation() {
        openClass();
        // uPlot's stylesheet applies (it is a file of the server, not an inline style) ...
        assertThat(browser.script(CHART + "return getComputedStyle(f.querySelector('.u-over')).position;", PI_CHART))
                .isEqualTo("absolute");
        // ... and nothing the charts did in this session broke the Content-Security-Policy.
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) browser.script("return window.hpmCspViolations");
        assertThat(violations).as("CSP violations in the page").isEmpty();
    }

    @Test
    @Order(7)
    void chartWithoutHistory_takesTheRoomOfAChart_soThePageDoesNotJumpWhenSamplesCome() {
        assertThat(hpm.http.post("/workload-resource-groups", hpm.admin, "{\"name\": \"Empty\"}").status()).isEqualTo(201);
        browser.open("#/groups/default");
        double drawn = browser.until(d -> (Number) browser.script(CHART + "return f && f.chart ? f.getBoundingClientRect().height : null;",
                PI_CHART), Duration.ofSeconds(20)).doubleValue();
        browser.open("#/groups/Empty");
        double empty = browser.until(d -> (Number) browser.script(CHART + "return f && f.querySelector('p.empty') ? "
                + "f.getBoundingClientRect().height : null;", PI_CHART), Duration.ofSeconds(20)).doubleValue();
        System.out.printf("[charts] PI chart box: %.0f px drawn, %.0f px without history%n", drawn, empty);
        assertThat(empty).isCloseTo(drawn, within(drawn * 0.1));
    }

    /** Waits until the page's refresh (every few seconds) has brought the chart new samples. */
    void awaitRedraw() {
        Object before = browser.script(CHART + "return f.chart.data[0].length;", PI_CHART);
        browser.until(d -> browser.script(CHART + "return f.chart.data[0].length !== arguments[1] ? true : null;", PI_CHART, before),
                Duration.ofSeconds(20));
    }

    double scale(String title, String end) {
        return ((Number) browser.script(CHART + "return f.chart.scales.x[arguments[1]];", title, end)).doubleValue();
    }

    void openClass() {
        String page = "#/classes/default/" + serviceClass;
        if (!browser.driver.getCurrentUrl().endsWith(page)) {
            browser.open(page);
        }
        browser.until(d -> browser.script(CHART + "return f && f.chart && f.chart.data[0].length >= 8 ? true : null;", PI_CHART),
                Duration.ofSeconds(30));
    }

    WebElement chartFigure(String title) {
        return browser.until(d -> (WebElement) browser.script(CHART + "return f || null;", title), Duration.ofSeconds(10));
    }

    /** Moves the pointer to (left, top) of the chart's plot, given in CSS pixels from its corner. */
    void hover(String title, Map<String, Object> at) {
        WebElement plot = chartFigure(title).findElement(By.cssSelector(".u-over"));
        int dx = (int) Math.round(((Number) at.get("left")).doubleValue() - ((Number) at.get("width")).doubleValue() / 2);
        int dy = (int) Math.round(((Number) at.get("top")).doubleValue() - ((Number) at.get("height")).doubleValue() / 2);
        new Actions(browser.driver).moveToElement(plot, dx, dy).perform();
    }

    boolean shown(String title, String series) {
        return (Boolean) browser.script(CHART + "return f.chart.series.find((s) => s.label === arguments[1]).show;", title, series);
    }

    /** The width of the chart's time scale, in milliseconds. */
    double span(String title) {
        return ((Number) browser.script(CHART + "return f.chart.scales.x.max - f.chart.scales.x.min;", title)).doubleValue();
    }

    /** The figure a line "name: figure" of the read-out gives. */
    static double figure(String tip, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ": ([0-9.]+)$").matcher(tip);
        assertThat(m.find()).as("a line \"%s: <figure>\" in the read-out:%n%s", name, tip).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The service class's sample at {@code time} in the API's history (the page asks for the same). */
    JsonNode apiSample(long time) {
        JsonNode groups = hpm.http.get("/metrics/calculated/workload-resource-groups/default?from=-1h", hpm.admin).json();
        List<JsonNode> samples = groups.get("workload-resource-groups").get(0).get("service-classes").valueStream()
                .filter(c -> c.get("name").asText().equals(serviceClass))
                .flatMap(c -> c.get("samples").valueStream())
                .filter(s -> Instant.parse(s.get("time").asText()).toEpochMilli() == time).toList();
        assertThat(samples).as("the API's sample at %s", Instant.ofEpochMilli(time)).hasSize(1);
        return samples.getFirst();
    }
}
