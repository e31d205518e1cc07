package dev.hpm.cli.commands;

import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.server.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection settings end to end: the configuration file, the environment and flags in their
 * order of precedence, against a live server; no secret in any output, even with --verbose.
 */
class ConnectionCommandsTest extends LiveServerTest {
    Path writeConfig(String yaml, String mode) throws IOException {
        Path config = Files.createDirectories(home.resolve(".config/hpm")).resolve("cli.yaml");
        Files.writeString(config, yaml);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString(mode));
        return config;
    }

    CliRun run(Map<String, String> variables, String... args) {
        return CliRun.of(CliRun.environment(variables, home), args);
    }

    @Test
    void configFile_inHome_givesServerUserAndPasswordFile() throws IOException {
        writeConfig("server: " + url() + "\nuser: " + VIEWER + "\npassword-file: " + viewerPasswordFile + "\n", "rw-------");
        try {
            CliRun r = run(Map.of(), "whoami");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.field("User")).isEqualTo(VIEWER);

            CliRun env = run(Map.of("HPM_USER", "admin", "HPM_PASSWORD", TestServer.ADMIN_PASSWORD), "whoami");
            assertThat(env.field("User")).as("the environment wins over the file").isEqualTo("admin");

            CliRun flags = run(Map.of("HPM_USER", "admin", "HPM_PASSWORD", TestServer.ADMIN_PASSWORD), "whoami",
                    "--user", VIEWER, "--password-file", viewerPasswordFile.toString());
            assertThat(flags.field("User")).as("flags win over the environment").isEqualTo(VIEWER);
        } finally {
            Files.delete(home.resolve(".config/hpm/cli.yaml"));
        }
    }

    @Test
    void configFile_readableByOthers_isRefused() throws IOException {
        Path config = writeConfig("server: " + url() + "\n", "rw-r--r--");
        try {
            CliRun r = run(Map.of(), "health");
            assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).isEqualTo("hpm: the CLI configuration is " + config + ", which other users can read"
                    + " (mode rw-r--r--): run chmod 600 " + config + "\n");
        } finally {
            Files.delete(config);
        }
    }

    @Test
    void cliConfigFlagAndVariable_nameAnotherFile() throws IOException {
        Path config = dir.resolve("other-cli.yaml");
        Files.writeString(config, "server: " + url() + "\nuser: admin\npassword-file: " + adminPasswordFile + "\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        assertThat(run(Map.of(), "whoami", "--cli-config", config.toString()).field("User")).isEqualTo("admin");
        assertThat(run(Map.of("HPM_CLI_CONFIG", config.toString()), "whoami").field("User")).isEqualTo("admin");
    }

    @Test
    void verbose_showsSourcesAndRequests_neverTheSecret() {
        CliRun password = run(Map.of("HPM_SERVER", url(), "HPM_USER", "admin", "HPM_PASSWORD", TestServer.ADMIN_PASSWORD),
                "wrg-list", "-v");
        assertThat(password.code()).isZero();
        assertThat(password.err()).contains("hpm: server " + url() + " (from HPM_SERVER)",
                "hpm: credentials: user admin, password from HPM_PASSWORD",
                "hpm: GET " + url() + "/zhpm/wsapi/v1/workload-resource-groups -> 200 in ");
        assertThat(password.out() + password.err()).doesNotContain(TestServer.ADMIN_PASSWORD);

        CliRun created = admin("token-create", "--label", unique("verbose"), "--format", "json");
        String token = created.json().get("token").asText();
        CliRun withToken = run(Map.of("HPM_SERVER", url(), "HPM_TOKEN", token), "vs-list", "--verbose", "--wrg", "Trading");
        assertThat(withToken.code()).isZero();
        assertThat(withToken.err()).contains("hpm: credentials: API token from HPM_TOKEN",
                "virtual-servers?workload-resource-group=Trading -> 200");
        assertThat(withToken.out() + withToken.err()).doesNotContain(token);
    }

    @Test
    void badFlag_exits2_withAShortMessage() {
        CliRun r = hpm("wrg-list", "--colour");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("hpm: Unknown option: '--colour'").endsWith("hpm: see 'hpm help wrg-list'\n");
        CliRun format = admin("wrg-list", "--format", "xml");
        assertThat(format.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(format.err()).isEqualTo("hpm: --format is \"xml\": use table or json\n");
        CliRun url = hpm("health", "--server", "localhost:8460");
        assertThat(url.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(url.err()).startsWith("hpm: --server is \"localhost:8460\": ");
    }
}
