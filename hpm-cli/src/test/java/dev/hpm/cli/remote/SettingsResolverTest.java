package dev.hpm.cli.remote;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where each connection setting comes from, and how bad settings are reported (without secrets). */
class SettingsResolverTest {
    @TempDir
    Path dir;

    CliEnvironment env(Map<String, String> variables) {
        return new CliEnvironment(variables, dir, new ByteArrayInputStream(new byte[0]), p -> null);
    }

    Path file(String name, String content, String mode) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    Path config(String yaml) throws IOException {
        return file(".config/hpm/cli.yaml", yaml, "rw-------");
    }

    static ConnectionOptions flags() {
        return new ConnectionOptions();
    }

    @Test
    void resolve_nothingGiven_usesTheDefaultServerAndNoCredentials() {
        ConnectionSettings s = SettingsResolver.resolve(flags(), env(Map.of()));
        assertThat(s.server()).hasToString("http://127.0.0.1:8460");
        assertThat(s.serverSource()).isEqualTo("the default");
        assertThat(s.credentials()).isInstanceOf(Credentials.None.class);
    }

    @Test
    void resolve_flagsWinOverEnvironment_whichWinsOverTheConfigFile() throws IOException {
        Path configPw = file("config.pw", "from-config\n", "rw-------");
        config("server: http://config:1\nuser: carl\npassword-file: " + configPw + "\n");
        ConnectionSettings fromConfig = SettingsResolver.resolve(flags(), env(Map.of()));
        assertThat(fromConfig.server()).hasToString("http://config:1");
        assertThat(fromConfig.serverSource()).isEqualTo("server in " + dir.resolve(".config/hpm/cli.yaml"));
        assertThat(fromConfig.credentials()).isEqualTo(new Credentials.Password("carl", "from-config",
                "password-file in " + dir.resolve(".config/hpm/cli.yaml") + " " + configPw));

        Map<String, String> vars = Map.of("HPM_SERVER", "http://env:2", "HPM_USER", "eve", "HPM_PASSWORD", "from-env");
        ConnectionSettings fromEnv = SettingsResolver.resolve(flags(), env(vars));
        assertThat(fromEnv.server()).hasToString("http://env:2");
        assertThat(fromEnv.credentials()).isEqualTo(new Credentials.Password("eve", "from-env", "HPM_PASSWORD"));

        Path flagPw = file("flag.pw", "from-flag", "rw-------");
        ConnectionSettings fromFlags = SettingsResolver.resolve(new ConnectionOptions("https://flag:3/", "fred", flagPw,
                null, null, null), env(vars));
        assertThat(fromFlags.server()).hasToString("https://flag:3");
        assertThat(fromFlags.serverSource()).isEqualTo("--server");
        assertThat(fromFlags.credentials()).isEqualTo(new Credentials.Password("fred", "from-flag", "--password-file " + flagPw));
    }

    @Test
    void resolve_theSecretComesFromTheFirstLevelThatHasOne() throws IOException {
        Path tokenFile = file("token", "hpm_from-file\n", "rw-------");
        config("user: carl\ntoken-file: " + tokenFile + "\n");
        assertThat(SettingsResolver.resolve(flags(), env(Map.of())).credentials())
                .isInstanceOf(Credentials.Token.class).extracting(c -> ((Credentials.Token) c).token()).isEqualTo("hpm_from-file");
        Credentials env = SettingsResolver.resolve(flags(), env(Map.of("HPM_PASSWORD", "pw-from-env"))).credentials();
        assertThat(env).isEqualTo(new Credentials.Password("carl", "pw-from-env", "HPM_PASSWORD"));
        Credentials flag = SettingsResolver.resolve(new ConnectionOptions(null, null, null, "hpm_flag", null, null),
                env(Map.of("HPM_PASSWORD", "pw-from-env"))).credentials();
        assertThat(flag).isEqualTo(new Credentials.Token("hpm_flag", "--token"));
    }

    @Test
    void resolve_aTokenAndAPasswordAtOneLevel_isRefused() {
        assertThatThrownBy(() -> SettingsResolver.resolve(flags(), env(Map.of("HPM_TOKEN", "t", "HPM_PASSWORD", "p",
                "HPM_USER", "u")))).isInstanceOf(CliFailure.class)
                .hasMessage("HPM_TOKEN and HPM_PASSWORD are both given: use one, a token or a user's password");
    }

    @Test
    void resolve_aPasswordWithoutAUser_saysWhereToGiveOne() {
        assertThatThrownBy(() -> SettingsResolver.resolve(flags(), env(Map.of("HPM_PASSWORD", "secret-value"))))
                .hasMessage("a password is given (HPM_PASSWORD) but no user: add --user NAME, set HPM_USER, or put user:"
                        + " NAME in ~/.config/hpm/cli.yaml")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void resolve_aPasswordFileOthersCanRead_isRefusedWithoutShowingIt() throws IOException {
        Path pw = file("open.pw", "very-secret-password", "rw-r--r--");
        assertThatThrownBy(() -> SettingsResolver.resolve(new ConnectionOptions(null, "admin", pw, null, null, null),
                env(Map.of()))).isInstanceOf(CliFailure.class).extracting(e -> ((CliFailure) e).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThatThrownBy(() -> SettingsResolver.resolve(new ConnectionOptions(null, "admin", pw, null, null, null),
                env(Map.of()))).hasMessage("--password-file is " + pw + ", which other users can read (mode rw-r--r--):"
                + " run chmod 600 " + pw).hasMessageNotContaining("very-secret-password");
        Path empty = file("empty.pw", "\n", "rw-------");
        assertThatThrownBy(() -> SettingsResolver.resolve(new ConnectionOptions(null, "admin", empty, null, null, null),
                env(Map.of()))).hasMessageContaining("its first line is empty");
        assertThatThrownBy(() -> SettingsResolver.resolve(new ConnectionOptions(null, "admin", dir.resolve("nope"), null,
                null, null), env(Map.of()))).hasMessage("--password-file is " + dir.resolve("nope") + ": no such file");
    }

    @Test
    void resolve_aConfigFileOthersCanRead_isRefused() throws IOException {
        Path config = file("shared.yaml", "server: http://x:1\n", "rw-r-----");
        assertThatThrownBy(() -> SettingsResolver.resolve(new ConnectionOptions(null, null, null, null, null, config),
                env(Map.of()))).hasMessage("--cli-config is " + config + ", which other users can read (mode rw-r-----):"
                + " run chmod 600 " + config);
        Map<String, String> vars = new HashMap<>();
        vars.put("HPM_CLI_CONFIG", config.toString());
        assertThatThrownBy(() -> SettingsResolver.resolve(flags(), env(vars))).hasMessageStartingWith("HPM_CLI_CONFIG is ");
    }

    @Test
    void resolve_configFile_mistakesAreNamed() throws IOException {
        config("server: http://x:1\npasword-file: pw\n");
        assertThatThrownBy(() -> SettingsResolver.resolve(flags(), env(Map.of())))
                .hasMessageEndingWith("cli.yaml: unknown key \"pasword-file\"; use server, user, password-file, token-file, ca-file");
        config("password: hunter2-hunter2\n");
        assertThatThrownBy(() -> SettingsResolver.resolve(flags(), env(Map.of())))
                .hasMessageContaining("password does not belong in the configuration; put it in a file of its own")
                .hasMessageNotContaining("hunter2");
        config("server: [a, b]\n");
        assertThatThrownBy(() -> SettingsResolver.resolve(flags(), env(Map.of())))
                .hasMessageContaining("server is [\"a\",\"b\"]: write it as text");
        assertThatThrownBy(() -> SettingsResolver.resolve(new ConnectionOptions(null, null, null, null, null,
                dir.resolve("missing.yaml")), env(Map.of()))).hasMessage("--cli-config is " + dir.resolve("missing.yaml")
                + ": no such file");
    }

    @Test
    void resolve_configFilePaths_areRelativeToTheFileOrHome() throws IOException {
        file(".config/hpm/pw", "relative\n", "rw-------");
        config("user: u\npassword-file: pw\n");
        assertThat(((Credentials.Password) SettingsResolver.resolve(flags(), env(Map.of())).credentials()).password())
                .isEqualTo("relative");
        file("home.pw", "from-home\n", "rw-------");
        config("user: u\npassword-file: ~/home.pw\n");
        assertThat(((Credentials.Password) SettingsResolver.resolve(flags(), env(Map.of())).credentials()).password())
                .isEqualTo("from-home");
    }

    @Test
    void resolve_badServerUrls_nameTheSettingAndTheFix() {
        assertThatThrownBy(() -> SettingsResolver.resolve(flags(), env(Map.of("HPM_SERVER", "ftp://x"))))
                .hasMessage("HPM_SERVER is \"ftp://x\": write it like http://127.0.0.1:8460 or https://hpm.example.com:8460");
        assertThatThrownBy(() -> SettingsResolver.resolve(new ConnectionOptions("127.0.0.1:8460", null, null, null, null,
                null), env(Map.of()))).hasMessageStartingWith("--server is \"127.0.0.1:8460\": ");
        assertThatThrownBy(() -> SettingsResolver.resolve(new ConnectionOptions("http://admin:hunter2@h:1", null, null, null,
                null, null), env(Map.of()))).hasMessage("--server contains a user name or password: remove it from the URL"
                + " and use --user with --password-file, or a token");
        assertThat(SettingsResolver.resolve(new ConnectionOptions("http://h:1/proxy/zhpm/wsapi/v1/", null, null, null, null,
                null), env(Map.of())).server()).hasToString("http://h:1/proxy");
    }

    @Test
    void describe_namesSourcesButNeverSecrets() throws IOException {
        Path pw = file("pw", "the-password-itself", "rw-------");
        ConnectionSettings s = SettingsResolver.resolve(new ConnectionOptions(null, "admin", pw, null, null, null), env(Map.of()));
        assertThat(s.describe()).containsExactly("server http://127.0.0.1:8460 (from the default)",
                "credentials: user admin, password from --password-file " + pw);
        assertThat(s.toString() + s.credentials()).doesNotContain("the-password-itself");
        Credentials token = new Credentials.Token("hpm_secret", "HPM_TOKEN");
        assertThat(token.toString() + token.describe()).doesNotContain("hpm_secret");
    }

    @Test
    void resolve_caFileMustExist() {
        assertThatThrownBy(() -> SettingsResolver.resolve(new ConnectionOptions("https://h:1", null, null, null,
                dir.resolve("ca.pem"), null), env(Map.of()))).hasMessage("--ca-file is " + dir.resolve("ca.pem") + ": no such file");
    }
}
