package dev.hpm.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.server.api.ServiceController;
import dev.hpm.server.security.Role;
import io.javalin.http.HandlerType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document served by the server describes exactly the routes the server registers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
    TestServer hpm;
    JsonNode doc;

    @BeforeAll
    void start() {
        hpm = TestServer.embedded();
        hpm.awaitIntervals(1); // the inventory (trade-1) is known after the first interval
        hpm.http.post("/load-balancing-groups", hpm.admin, // so that GET /load-balancing-groups/default answers
                "{\"name\": \"default\", \"members\": [{\"name\": \"m\", \"virtual-server\": \"trade-1\"}]}");
        doc = hpm.http.get("/openapi.json", Http.As.ANONYMOUS).json();
    }

    @AfterAll
    void stop() {
        hpm.close();
    }

    static Set<String> documented(JsonNode doc) {
        Set<String> ops = new TreeSet<>();
        Iterator<String> paths = doc.get("paths").fieldNames();
        while (paths.hasNext()) {
            String path = paths.next();
            Iterator<String> methods = doc.get("paths").get(path).fieldNames();
            while (methods.hasNext()) {
                String m = methods.next();
                if (!m.equals("parameters")) {
                    ops.add(m.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return ops;
    }

    @Test
    void document_describesEveryRegisteredRoute_andNoOther() {
        Set<String> registered = new TreeSet<>();
        for (dev.hpm.server.http.Route r : hpm.server.routes()) {
            if (r.path().startsWith(HpmServer.BASE)) {
                registered.add(r.method().name() + " " + r.path().substring(HpmServer.BASE.length()));
            }
        }
        assertThat(registered).isEqualTo(documented(doc));
    }

    @Test
    void document_marksExactlyTheOpenRoutesAsNeedingNoCredentials() {
        for (dev.hpm.server.http.Route r : hpm.server.routes()) {
            if (!r.path().startsWith(HpmServer.BASE)) {
                continue;
            }
            JsonNode op = doc.get("paths").get(r.path().substring(HpmServer.BASE.length())).get(r.method().name().toLowerCase(Locale.ROOT));
            boolean open = op.has("security") && op.get("security").isEmpty();
            assertThat(open).as(r.method() + " " + r.path()).isEqualTo(r.role() == Role.ANYONE);
        }
    }

    @Test
    void document_listsThrottlingForEverySecuredOperation_and415ForEveryBody() {
        for (String op : documented(doc)) {
            String[] parts = op.split(" ", 2);
            JsonNode o = doc.get("paths").get(parts[1]).get(parts[0].toLowerCase(Locale.ROOT));
            boolean open = o.has("security") && o.get("security").isEmpty();
            assertThat(o.get("responses").has("429")).as(op).isEqualTo(!open);
            assertThat(o.get("responses").has("415")).as(op).isEqualTo(o.has("requestBody"));
        }
    }

    @Test
    void everyDocumentedGet_answersOverHttp() {
        for (String op : documented(doc)) {
            if (!op.startsWith("GET ") || op.contains("{plan}")) {
                continue; // a plan exists once DWM made one: PoolApiContractTest reads plans
            }
            String path = op.substring(4).replace("{id}", "default").replace("virtual-servers/default", "virtual-servers/trade-1")
                    .replace("server-pools/default", "server-pools/demo").replace("{file}", "swagger-ui.css").replace("hypervisors/default", "hypervisors/sim-1");
            Http.Response r = hpm.http.get(path, hpm.admin);
            assertThat(r.status()).as(op + ": " + r.text()).isEqualTo(200);
        }
    }

    @Test
    void servedDocument_isTheResource() {
        assertThat(doc).isEqualTo(ServiceController.openApi());
        assertThat(doc.get("info").get("description").asText()).contains("kebab-case");
        assertThat(HandlerType.GET.name()).isEqualTo("GET");
    }
}
