package dev.hpm.sasp;

import dev.hpm.core.time.Timebase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import static dev.hpm.sasp.RfcBytes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SASP over TLS ({@link SaspServer.Settings#tls}): a load balancer that trusts the server's
 * certificate goes through Set LB State, Registration and Get Weights over TLS; a plain SASP client
 * on the TLS port gets no answer and its connection is closed, and the GWM never hears of its LB.
 */
class SaspTlsTest {
    static final String PASSWORD = "keystore-password-1";
    @TempDir
    static Path dir;
    static Path keystore;
    final TestWeights weights = new TestWeights()
            .set("web", "a", "10.0.0.1", 8080, TestWeights.serving("a", 80))
            .set("web", "b", "10.0.0.2", 8080, TestWeights.serving("b", 20));
    final AtomicLong nanos = new AtomicLong();
    GroupWorkloadManager gwm;
    SaspServer server;

    @BeforeAll
    static void keyStore() throws Exception {
        keystore = dir.resolve("hpm.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hpm", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD).inheritIO().start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
    }

    @BeforeEach
    void start() {
        gwm = new GroupWorkloadManager(weights, Timebase.of(nanos::get, Instant::now), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        server = new SaspServer(gwm, SaspServer.Settings.loopback(0).withTls(TlsKeys.serverContext(keystore, PASSWORD)),
                new ManualScheduler(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A client that trusts only the test certificate and checks that it names 127.0.0.1. */
    static SSLSocket tlsClient(int port) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        return s;
    }

    @Test
    void tls_setLbStateRegistrationAndGetWeights_answeredOverTls() throws Exception {
        try (SSLSocket socket = tlsClient(server.port()); SaspClient c = new SaspClient(socket)) {
            byte[] state = c.call(message(1, setLbState("lb-tls", 0x7F, 0)));
            assertThat(messageType(state)).as("Set LB State Reply").isEqualTo(0x1055);
            assertThat(code(state)).isZero();
            byte[] reg = c.call(message(2, registration(true, groupOfMembers("lb-tls", "web",
                    member(10, 0, 0, 1, 8080, "a"), member(10, 0, 0, 2, 8080, "b")))));
            assertThat(code(reg)).isZero();
            byte[] w = c.call(message(3, getWeights(groupData("lb-tls", "web"))));
            assertThat(messageType(w)).as("Get Weights Reply").isEqualTo(0x1035);
            List<int[]> e = SaspConformanceTest.entries(w);
            assertThat(e).extracting(x -> x[0]).containsExactly(80, 20);
            assertThat(socket.getSession().getProtocol()).startsWith("TLSv1.");
            System.out.println("[sasp-tls] " + socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite()
                    + ": weights " + e.stream().map(x -> x[0]).toList());
            assertThat(socket.getSession().getPeerCertificates()).isNotEmpty();
        }
        assertThat(gwm.loadBalancers()).extracting(GroupWorkloadManager.LbView::uid).containsExactly("lb-tls");
    }

    @Test
    void tls_plainClientOnTheTlsPort_noAnswerAndClosed() throws Exception {
        byte[] answer;
        try (java.net.Socket plain = new java.net.Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(5_000);
            plain.getOutputStream().write(message(1, setLbState("lb-plain", 0x7F, 0)));
            answer = plain.getInputStream().readAllBytes(); // to the end of stream: the server closed it
        }
        System.out.printf("[sasp-tls] a plain client on the TLS port got %d bytes: %s%n", answer.length,
                java.util.HexFormat.of().formatHex(answer));
        assertThat(answer.length).as("at most a TLS alert before the close").isLessThan(13);
        if (answer.length > 0) {
            assertThat(answer[0]).as("a TLS alert record (21), not a SASP header (0x20 0x10)").isEqualTo((byte) 21);
        }
        assertThat(gwm.loadBalancers()).as("the plain client's Set LB State never reached the GWM").isEmpty();
        try (SSLSocket socket = tlsClient(server.port()); SaspClient c = new SaspClient(socket)) {
            assertThat(code(c.call(message(1, setLbState("lb-tls", 0x7F, 0))))).as("TLS still served").isZero();
        }
    }

    @Test
    void serverContext_wrongPasswordOrMissingFile_namesTheFileAndTheFix() {
        assertThatThrownBy(() -> TlsKeys.serverContext(keystore, "not-the-password"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(keystore.toString()).hasMessageContaining("the password is its password");
        assertThatThrownBy(() -> TlsKeys.serverContext(dir.resolve("none.p12"), PASSWORD))
                .hasMessageContaining("none.p12").hasMessageContaining("cannot read");
    }
}
