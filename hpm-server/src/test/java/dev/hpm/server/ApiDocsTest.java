package dev.hpm.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's documentation page, {@code /zhpm/wsapi/v1/docs}, on a live server on a random port: the
 * page, every file it loads, and the Content-Security-Policy that they are served under (the browser's
 * view of it is ApiDocsBrowserTest, tag browser).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsTest {
    /** What the page's policy must say (the web UI's policy): scripts and styles from this server only. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    TestServer hpm;
    Http root;

    @BeforeAll
    void start() {
        hpm = TestServer.embedded();
        root = new Http(hpm.server.baseUrl());
    }

    @AfterAll
    void stop() {
        if (hpm != null) {
            hpm.close();
        }
    }

    static List<String> assets(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = ASSET.matcher(html);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void page_servedToAnyoneAsHtmlUnderTheStrictPolicy() {
        Http.Response page = hpm.http.get("/docs", Http.As.ANONYMOUS);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(CSP).doesNotContain("unsafe");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.text()).contains("<div id=\"swagger-ui\"></div>");
    }

    @Test
    void page_hasNoInlineScriptOrStyle() {
        String html = hpm.http.get("/docs", Http.As.ANONYMOUS).text();
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).as("script element").contains("src=");
            assertThat(scripts.group(2)).as("script body").isBlank();
        }
        assertThat(count).isEqualTo(2);
        assertThat(html).doesNotContain("<style").doesNotContain(" style=").doesNotContainIgnoringCase(" on");
    }

    @Test
    void everyAssetOfThePage_answersWithItsTypeAndThePolicy() {
        List<String> assets = assets(hpm.http.get("/docs", Http.As.ANONYMOUS).text());
        assertThat(assets).containsExactlyInAnyOrder(HpmServer.BASE + "/docs/swagger-ui.css",
                HpmServer.BASE + "/docs/hpm-docs.css", HpmServer.BASE + "/docs/favicon-32x32.png",
                HpmServer.BASE + "/docs/swagger-ui-bundle.js", HpmServer.BASE + "/docs/hpm-docs.js");
        for (String asset : assets) {
            Http.Response r = root.get(asset, Http.As.ANONYMOUS);
            assertThat(r.status()).as(asset).isEqualTo(200);
            assertThat(r.header("Content-Security-Policy")).as(asset).isEqualTo(CSP);
            String type = r.header("Content-Type");
            if (asset.endsWith(".js")) {
                assertThat(type).as(asset).startsWith("text/javascript");
            } else if (asset.endsWith(".css")) {
                assertThat(type).as(asset).startsWith("text/css");
            } else {
                assertThat(type).as(asset).startsWith("image/png");
            }
        }
    }

    @Test
    void files_areSwaggerUiFromItsWebJar_startedOnTheServedDocument() {
        Http.Response bundle = hpm.http.get("/docs/swagger-ui-bundle.js", Http.As.ANONYMOUS);
        assertThat(bundle.text()).hasSizeGreaterThan(1_000_000).contains("SwaggerUIBundle");
        assertThat(hpm.http.get("/docs/swagger-ui.css", Http.As.ANONYMOUS).text()).contains(".swagger-ui");
        String init = hpm.http.get("/docs/hpm-docs.js", Http.As.ANONYMOUS).text();
        assertThat(init).contains("SwaggerUIBundle(").contains("url: '" + HpmServer.BASE + "/openapi.json'");
        assertThat(hpm.http.get("/openapi.json", Http.As.ANONYMOUS).status()).isEqualTo(200);
    }

    @Test
    void file_notOfThePage_isNotFound() {
        for (String name : List.of("index.html", "swagger-initializer.js", "..%2Fopenapi.yaml", "swagger-ui.js.map")) {
            Http.Response r = hpm.http.get("/docs/" + name, Http.As.ANONYMOUS);
            assertThat(r.status()).as(name).isEqualTo(404);
        }
        assertThat(hpm.http.get("/docs/nothing.js", Http.As.ANONYMOUS).json().toString())
                .contains("no such file of the API documentation: nothing.js");
    }
}
