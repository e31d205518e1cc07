package dev.hpm.cli.commands;

import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.server.HpmServer;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * https with a self-signed certificate: trusted with --ca-file (the certificate as its own CA),
 * refused without it. The server is HPM with TLS on, without the demo pool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsConnectionTest {
    static final String STORE_PASSWORD = "keystore-password-for-tests";
    Path dir;
    Path ca;
    Path adminPassword;
    HpmServer server;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("hpm-cli-tls-");
        Path keystore = dir.resolve("server.p12");
        ca = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "hpm", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "hpm", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-file", ca.toString());
        server = HpmServer.start(ServerConfigLoader.load(null, Map.of("HPM_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD),
                Map.of("server.port", "0", "data-directory", dir.resolve("data").toString(), "demo", "off",
                        "server.tls.keystore", keystore.toString(), "server.tls.keystore-password", STORE_PASSWORD)),
                TestServer.SYSTEM, m -> { });
        adminPassword = Files.writeString(dir.resolve("admin.pw"), TestServer.ADMIN_PASSWORD);
        Files.setPosixFilePermissions(adminPassword, PosixFilePermissions.fromString("rw-------"));
    }

    static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    CliRun hpm(String... args) {
        return CliRun.of(CliRun.environment(Map.of("HPM_SERVER", server.baseUrl()), dir), args);
    }

    @Test
    void https_withTheCaFile_isTrusted() {
        assertThat(server.baseUrl()).startsWith("https://");
        CliRun health = hpm("health", "--ca-file", ca.toString());
        assertThat(health.code()).as(health.toString()).isZero();
        assertThat(health.field("Status")).isEqualTo("up");
        CliRun who = hpm("whoami", "--ca-file", ca.toString(), "--user", "admin", "--password-file", adminPassword.toString());
        assertThat(who.field("User")).isEqualTo("admin");
    }

    @Test
    void https_withoutTheCaFile_exits6AndSaysWhatToGive() {
        CliRun r = hpm("health");
        assertThat(r.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).startsWith("hpm: TLS with " + server.baseUrl() + " (from HPM_SERVER) failed")
                .contains("give that CA with --ca-file FILE");
    }

    @Test
    void caFile_notACertificate_exits2() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        CliRun r = hpm("health", "--ca-file", junk.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("hpm: --ca-file is " + junk + ": ");
    }
}
