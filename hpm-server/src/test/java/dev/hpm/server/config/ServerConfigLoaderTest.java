package dev.hpm.server.config;

import dev.hpm.codec.InvalidDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigLoaderTest {
    @Test
    void load_nothing_givesSafeDefaults() {
        ServerConfig c = ServerConfigLoader.load(null, Map.of(), Map.of());
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.loopbackOnly()).isTrue();
        assertThat(c.port()).isEqualTo(8460);
        assertThat(c.tls()).isNull();
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.store().jdbcUrl()).startsWith("jdbc:h2:file:").endsWith("hpm-data/hpm");
        assertThat(c.store().retention()).isEqualTo(Duration.ofHours(36));
        assertThat(c.hosts()).isEmpty();
        assertThat(c.demo()).isTrue();
        assertThat(c.cpuStrategy()).isEqualTo(dev.hpm.core.cpu.CpuManagerSettings.Strategy.RECEIVER);
    }

    @Test
    void load_fileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, """
                server: {port: 9000}
                control: {interval: 30s, cpu-strategy: plan}
                hosts: [{uri: "qemu+ssh://root@kvm1/system", name: kvm1}]
                history: {retention: 48h}
                """);
        ServerConfig c = ServerConfigLoader.load(file, Map.of("HPM_PORT", "9100", "HPM_DB_URL", "jdbc:postgresql://db/hpm",
                "HPM_DB_PASSWORD", "secret-value"), Map.of("server.port", "9200"));
        assertThat(c.port()).isEqualTo(9200);
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.cpuStrategy()).isEqualTo(dev.hpm.core.cpu.CpuManagerSettings.Strategy.PLAN);
        assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:postgresql://db/hpm");
        assertThat(c.store().retention()).isEqualTo(Duration.ofHours(48));
        assertThat(c.hosts()).extracting(ServerConfig.HostConfig::name).containsExactly("kvm1");
        assertThat(c.demo()).isFalse();
        assertThat(c.toString()).doesNotContain("secret-value");
    }

    @Test
    void load_badSettings_everyProblemNamedWithTheFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, """
                server: {port: 70000, colour: blue}
                control: {interval: 0s, default-level: sometimes, cpu-strategy: greedy}
                database: {url: "mysql://x"}
                demo: maybe
                hosts: [{uri: kvm1}]
                """);
        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of("HPM_ADMIN_PASSWORD", "short"), Map.of()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("server.port is 70000: use 1 to 65535 (or 0 for any free port)")
                .hasMessageContaining("server.colour is \"blue\": unknown key")
                .hasMessageContaining("control.interval is \"0s\": must be at least 1s")
                .hasMessageContaining("control.default-level is \"sometimes\"")
                .hasMessageContaining("control.cpu-strategy is \"greedy\": use one of receiver, plan")
                .hasMessageContaining("database.url is \"mysql://x\": use jdbc:postgresql://HOST:PORT/DB")
                .hasMessageContaining("demo is \"maybe\": use auto")
                .hasMessageContaining("hosts is \"kvm1\": write a libvirt URI")
                .hasMessageContaining("HPM_ADMIN_PASSWORD is \"(5 characters)\": use at least 12 characters")
                .hasMessageNotContaining("short\"");
    }

    @Test
    void load_hostCredentialsFile_ownerOnlyAcceptedOthersRefused(@TempDir Path dir) throws Exception {
        Path cred = dir.resolve("kvm1.cred");
        Files.writeString(cred, "authname=hpm\npassphrase=s3cret\n");
        Files.setPosixFilePermissions(cred, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, "hosts: [{uri: \"qemu+tcp://kvm1/system\", name: kvm1, credentials-file: \"" + cred + "\"}]\n");
        ServerConfig c = ServerConfigLoader.load(file, Map.of("HPM_ADMIN_PASSWORD", "a-long-enough-password"), Map.of());
        assertThat(c.hosts().getFirst().credentialsFile()).isEqualTo(cred);

        Files.setPosixFilePermissions(cred, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of("HPM_ADMIN_PASSWORD", "a-long-enough-password"), Map.of()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("hosts.credentials-file is \"" + cred + "\"")
                .hasMessageContaining("chmod 600 " + cred)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void load_tlsWithoutKeystoreOrPassword_isRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of("HPM_TLS_KEYSTORE", dir.resolve("none.p12").toString()), Map.of()))
                .hasMessageContaining("server.tls.keystore is")
                .hasMessageContaining("no readable PKCS#12 key store there")
                .hasMessageContaining("server.tls.keystore-password is missing");
    }

    @Test
    void load_hostsFromEnvironment_turnTheDemoOff() {
        ServerConfig c = ServerConfigLoader.load(null, Map.of("HPM_HOSTS", "qemu:///system, qemu+ssh://root@kvm2/system"), Map.of());
        assertThat(c.hosts()).extracting(ServerConfig.HostConfig::uri).containsExactly("qemu:///system", "qemu+ssh://root@kvm2/system");
        assertThat(c.demo()).isFalse();
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of("HPM_HOSTS", "qemu:///system,qemu:///system"), Map.of()))
                .hasMessageContaining("is listed twice");
    }

    @Test
    void load_rollupRetentions_defaultsFollowTheRawRetentionAndOverridesApply() {
        ServerConfig c = ServerConfigLoader.load(null, Map.of(), Map.of());
        assertThat(c.store().retention5m()).isEqualTo(Duration.ofDays(7));
        assertThat(c.store().retention1h()).isEqualTo(Duration.ofDays(90));
        ServerConfig longRaw = ServerConfigLoader.load(null, Map.of("HPM_RETENTION", "30d"), Map.of());
        assertThat(longRaw.store().retention5m()).as("at least the raw retention").isEqualTo(Duration.ofDays(30));
        ServerConfig set = ServerConfigLoader.load(null, Map.of("HPM_RETENTION_5M", "2d"),
                Map.of("history.retention-1h", "400d"));
        assertThat(set.store().retention5m()).isEqualTo(Duration.ofDays(2));
        assertThat(set.store().retention1h()).isEqualTo(Duration.ofDays(400));
    }

    @Test
    void load_hourlyRetentionShorterThanFiveMinutes_namesSettingValueAndFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, """
                history: {retention: 36h, retention-5m: 7d, retention-1h: 1h}
                """);
        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("history.retention-1h")
                .hasMessageContaining("1h")
                .hasMessageContaining("keep the hourly roll-ups at least as long as history.retention-5m (168h)");
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of(), Map.of("history.retention-5m", "12h")))
                .hasMessageContaining("history.retention-5m")
                .hasMessageContaining("at least as long as history.retention (36h)");
    }
}
