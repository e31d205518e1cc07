package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.CliEnvironment;
import dev.hpm.cli.remote.ExitCodes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** user-*, token-*, whoami, audit, health, and the error classes of access, against a live server. */
class AccessCommandsTest extends LiveServerTest {
    static final String NEW_PASSWORD = "a-new-password-for-tests";

    /** A terminal on which the user types {@code typed}, one answer per prompt. */
    CliEnvironment typing(String... typed) {
        Deque<String> answers = new ArrayDeque<>(List.of(typed));
        return CliRun.environment(Map.of(), home, "", prompt -> answers.isEmpty() ? null : answers.pop().toCharArray());
    }

    CliRun adminIn(CliEnvironment env, String... args) {
        return CliRun.of(env, with(args, "--server", url(), "--user", "admin", "--password-file", adminPasswordFile.toString()));
    }

    @Test
    void userCreate_fromAFile_thenUserListAndWhoamiShowTheUser() {
        String name = unique("alice");
        Path pw = secretFile(name + ".pw", NEW_PASSWORD + "\n");
        CliRun r = admin("user-create", name, "--role", "viewer", "--new-password-file", pw.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Created user " + name + ".").doesNotContain(NEW_PASSWORD);
        assertThat(admin("user-list").row(name)).get().satisfies(cells -> assertThat(cells.get(1)).isEqualTo("viewer"));
        CliRun who = as(name, pw, "whoami");
        assertThat(who.field("User")).isEqualTo(name);
        assertThat(who.field("Role")).isEqualTo("viewer");
        assertThat(who.field("Authenticated by")).isEqualTo("password");
    }

    @Test
    void userCreate_fromStandardInput() {
        String name = unique("ci");
        CliRun r = CliRun.of(CliRun.environment(Map.of(), home, NEW_PASSWORD + "\n", p -> null),
                with(new String[]{"user-create", name, "--role", "admin", "--password-stdin", "--format", "json"},
                        "--server", url(), "--user", "admin", "--password-file", adminPasswordFile.toString()));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().get("role").asText()).isEqualTo("admin");
        assertThat(as(name, secretFile(name + ".pw", NEW_PASSWORD), "whoami").field("Role")).isEqualTo("admin");
    }

    @Test
    void userCreate_atThePrompt_typedTwice() {
        String name = unique("bob");
        CliRun r = adminIn(typing(NEW_PASSWORD, NEW_PASSWORD), "user-create", name, "--role", "viewer");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(as(name, secretFile(name + ".pw", NEW_PASSWORD), "whoami").code()).isZero();

        CliRun differ = adminIn(typing(NEW_PASSWORD, NEW_PASSWORD + "x"), "user-create", unique("carol"), "--role", "viewer");
        assertThat(differ.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(differ.err()).isEqualTo("hpm: the two passwords differ; nothing was changed\n");

        CliRun noTerminal = admin("user-create", unique("dave"), "--role", "viewer");
        assertThat(noTerminal.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTerminal.err()).contains("give --new-password-file FILE or --password-stdin (there is no terminal to ask on)");
    }

    @Test
    void userCreate_errors_haveTheirExitCodes() {
        CliRun shortPassword = adminIn(typing("short", "short"), "user-create", unique("eve"), "--role", "viewer");
        assertThat(shortPassword.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(shortPassword.err()).contains("password is \"(5 characters)\": use at least 12 characters")
                .doesNotContain("short\"");
        CliRun exists = adminIn(typing(NEW_PASSWORD, NEW_PASSWORD), "user-create", "admin", "--role", "admin");
        assertThat(exists.code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(exists.err()).contains("a user named admin exists already");
        CliRun viewer = viewer("user-create", unique("frank"), "--role", "viewer", "--new-password-file",
                secretFile("frank.pw", NEW_PASSWORD).toString());
        assertThat(viewer.code()).isEqualTo(ExitCodes.AUTH);
        CliRun role = hpm("user-create", "gina");
        assertThat(role.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(role.err()).contains("Missing required option: '--role=ROLE'");
    }

    @Test
    void userUpdate_roleAndPassword() {
        String name = unique("henry");
        Path old = secretFile(name + ".pw", NEW_PASSWORD);
        assertThat(admin("user-create", name, "--role", "viewer", "--new-password-file", old.toString()).code()).isZero();

        CliRun role = admin("user-update", name, "--role", "admin");
        assertThat(role.code()).as(role.toString()).isZero();
        assertThat(admin("user-list").row(name)).get().satisfies(cells -> assertThat(cells.get(1)).isEqualTo("admin"));

        String changed = "changed-password-for-" + name;
        CliRun self = CliRun.of(CliRun.environment(Map.of(), home, changed + "\n", p -> null), "user-update", name,
                "--password-stdin", "--server", url(), "--user", name, "--password-file", old.toString());
        assertThat(self.code()).as(self.toString()).isZero();
        assertThat(self.out()).startsWith("Updated user " + name + " (password changed).");
        assertThat(as(name, old, "whoami").code()).isEqualTo(ExitCodes.AUTH);
        assertThat(as(name, secretFile(name + "-new.pw", changed), "whoami").code()).isZero();
        assertThat(admin("user-update", "no-such-user", "--role", "admin").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void userUpdate_viewerChangingSomeoneElse_exits3() {
        CliRun r = CliRun.of(CliRun.environment(Map.of(), home, NEW_PASSWORD + "\n", p -> null), "user-update", "admin",
                "--password-stdin", "--server", url(), "--user", VIEWER, "--password-file", viewerPasswordFile.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("a viewer may only change their own password");
    }

    @Test
    void userDelete_removesTheUser_butNotTheLastAdmin() {
        String name = unique("ivan");
        Path pw = secretFile(name + ".pw", NEW_PASSWORD);
        assertThat(admin("user-create", name, "--role", "viewer", "--new-password-file", pw.toString()).code()).isZero();
        CliRun r = admin("user-delete", name);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("Deleted user " + name + " and their API tokens.\n");
        assertThat(admin("user-list").row(name)).isEmpty();
        assertThat(as(name, pw, "whoami").code()).isEqualTo(ExitCodes.AUTH);
        assertThat(admin("user-delete", name).code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void userList_asViewer_exits3WithTheServersReason() {
        CliRun r = viewer("user-list");
        assertThat(r.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).isEqualTo("hpm: watcher is a viewer and may not change anything; ask an admin, or use an admin"
                + " account (HTTP 403 forbidden)\n");
    }

    @Test
    void tokenCreate_printsTheSecretOnce_andTheTokenWorksUntilRevoked() {
        String label = unique("nightly");
        CliRun r = admin("token-create", "--label", label);
        assertThat(r.code()).as(r.toString()).isZero();
        String token = r.field("Token");
        assertThat(token).startsWith("hpm_");
        assertThat(r.out()).contains("This is the only time the token is shown");
        assertThat(r.lines().getFirst()).startsWith("ID");
        String id = r.lines().get(1).split("\\s+")[0];

        CliRun list = admin("token-list");
        assertThat(list.out()).contains(label).doesNotContain(token);
        assertThat(list.row(id)).isPresent();

        CliRun who = hpm("whoami", "--server", url(), "--token", token);
        assertThat(who.field("User")).isEqualTo("admin");
        assertThat(who.field("Authenticated by")).isEqualTo("token " + id);
        CliRun fromEnv = CliRun.of(CliRun.environment(Map.of("HPM_TOKEN", token, "HPM_SERVER", url()), home), "whoami");
        assertThat(fromEnv.code()).as(fromEnv.toString()).isZero();

        assertThat(admin("token-revoke", id).out()).isEqualTo("Revoked token " + id + ".\n");
        CliRun revoked = hpm("whoami", "--server", url(), "--token", token);
        assertThat(revoked.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(revoked.err()).contains("the server did not accept the API token from --token").doesNotContain(token);
        assertThat(admin("token-revoke", id).code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void tokenCreate_json_isTheServersDocument_andTheNoteGoesToStandardError() {
        CliRun r = viewer("token-create", "--label", unique("script"), "--format", "json");
        assertThat(r.code()).isZero();
        JsonNode token = r.json();
        assertThat(token.get("token").asText()).startsWith("hpm_");
        assertThat(token.get("id").asText()).isNotBlank();
        assertThat(r.err()).contains("This is the only time the token is shown");
        assertThat(viewer("token-list", "--format", "json").json().get("tokens").toString()).doesNotContain(token.get("token").asText());
        assertThat(hpm("token-create", "--label", "x", "--server", url()).code()).isEqualTo(ExitCodes.AUTH);
    }

    @Test
    void whoami_viewer() {
        CliRun r = viewer("whoami", "--format", "json");
        assertThat(r.json().get("name").asText()).isEqualTo(VIEWER);
        assertThat(r.json().get("role").asText()).isEqualTo("viewer");
    }

    @Test
    void audit_showsTheChangesMade() {
        String name = unique("audited");
        admin("user-create", name, "--role", "viewer", "--new-password-file", secretFile(name + ".pw", NEW_PASSWORD).toString());
        CliRun r = admin("audit", "--from", "-10m", "--limit", "50");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines().getFirst()).startsWith("TIME").contains("USER", "ACTION", "TARGET", "DETAIL");
        assertThat(r.out()).containsPattern("admin\\s+create-user\\s+" + name + "\\s+role viewer");
        assertThat(admin("audit", "--to", "soon").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(viewer("audit").code()).isEqualTo(ExitCodes.AUTH);
    }

    @Test
    void health_needsNoCredentials() {
        CliRun r = anonymous("health");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.field("Status")).isEqualTo("up");
        assertThat(r.field("Hypervisors")).isEqualTo("3 (3 connected)");
        assertThat(anonymous("health", "--format", "json").json().get("hypervisors-connected").asInt()).isEqualTo(3);
    }

    @Test
    void anyCommand_withoutCredentials_exits3AndSaysHowToGiveThem() {
        CliRun r = anonymous("wrg-list");
        assertThat(r.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("(HTTP 401 unauthenticated)", "no credentials were given: use --user NAME with --password-file FILE");
    }

    @Test
    void wrongPassword_exits3_withoutPrintingThePassword() {
        String wrong = "not-the-admin-password";
        CliRun r = as("admin", secretFile("wrong.pw", wrong), "whoami", "--verbose");
        assertThat(r.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("the server did not accept user admin, password from --password-file");
        assertThat(r.out() + r.err()).doesNotContain(wrong);
    }

    @Test
    void unreachableServer_exits6() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = hpm("health", "--server", "http://127.0.0.1:" + port);
        assertThat(r.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).isEqualTo("hpm: cannot connect to http://127.0.0.1:" + port
                + " (from --server): connection refused; is the HPM server running there?\n");
    }
}
