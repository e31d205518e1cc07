package dev.hpm.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing against a live server: throttled after a few failures with 429 and
 * Retry-After, every attempt in the audit log, and an unknown user as slow as a wrong password.
 */
class LoginGuessingTest {
    private static final String PASSWORD = "victim-password-1";

    @Test
    void basic_200WrongPasswords_areThrottledAfterAFew_andEachIsAudited() throws Exception {
        try (TestServer hpm = new TestServer(StoreSettings::embedded)) {
            Http http = hpm.http;
            Http.As admin = Http.As.token(http.post("/tokens", hpm.admin, "{\"label\": \"t\"}").json().get("token").asText());
            assertThat(http.post("/users", admin, "{\"name\": \"victim\", \"role\": \"viewer\", \"password\": \"" + PASSWORD
                    + "\"}").status()).isEqualTo(201);
            int unauthorized = 0;
            int throttled = 0;
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                Http.Response r = http.get("/session", Http.As.user("victim", "guess-" + i));
                if (r.status() == 429) {
                    throttled++;
                    assertThat(Integer.parseInt(r.header("Retry-After"))).isPositive();
                    RobustnessTest.assertRefusedInWords("throttled", r);
                } else {
                    assertThat(r.status()).isEqualTo(401);
                    unauthorized++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Http.Response right = http.get("/session", Http.As.user("victim", PASSWORD));
            assertThat(right.status()).as("even the right password waits").isEqualTo(429);
            Thread.sleep(Long.parseLong(right.header("Retry-After")) * 1000 + 100);
            assertThat(http.get("/session", Http.As.user("victim", PASSWORD)).status()).isEqualTo(200);

            List<String> audited = new ArrayList<>();
            for (JsonNode e : http.get("/audit?limit=10000", admin).json().get("entries")) {
                if (e.get("target").asText().equals("victim") && e.get("action").asText().startsWith("login-")) {
                    audited.add(e.get("action").asText());
                }
            }
            System.out.printf("200 wrong passwords in %.1f s: %d answered 401 (checked), %d answered 429 (throttled); "
                    + "audit entries: %d%n", seconds, unauthorized, throttled, audited.size());
            assertThat(unauthorized).as("passwords checked before and between the waits").isBetween(5, 12);
            assertThat(throttled).isEqualTo(200 - unauthorized);
            assertThat(audited).hasSize(201).containsOnly("login-failed", "login-throttled");
        }
    }

    @Test
    void basic_unknownUserAndWrongPassword_takeTheSameTime() {
        try (TestServer hpm = new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.OFF)) {
            Http http = hpm.http;
            assertThat(http.post("/users", hpm.admin, "{\"name\": \"victim\", \"role\": \"viewer\", \"password\": \""
                    + PASSWORD + "\"}").status()).isEqualTo(201);
            List<Long> unknown = new ArrayList<>();
            List<Long> wrong = new ArrayList<>();
            for (int i = 0; i < 55; i++) { // interleaved, so that the machine's load falls on both alike
                long u = time(http, Http.As.user("nobody-" + i, "guess-" + i));
                long w = time(http, Http.As.user("victim", "guess-" + i));
                if (i >= 5) { // after warm-up
                    unknown.add(u);
                    wrong.add(w);
                }
            }
            double mu = median(unknown) / 1e6;
            double mw = median(wrong) / 1e6;
            System.out.printf("medians of 50: unknown user %.1f ms, wrong password %.1f ms (ratio %.3f)%n", mu, mw, mu / mw);
            assertThat(mu / mw).isBetween(0.8, 1.2);
        }
    }

    private static long time(Http http, Http.As as) {
        long start = System.nanoTime();
        assertThat(http.get("/session", as).status()).isEqualTo(401);
        return System.nanoTime() - start;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
