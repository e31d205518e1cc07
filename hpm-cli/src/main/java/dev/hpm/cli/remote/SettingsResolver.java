package dev.hpm.cli.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Resolves the connection settings in one place, each setting from the first source that has it:
 * the command's flags, then the environment ({@code HPM_SERVER}, {@code HPM_USER},
 * {@code HPM_PASSWORD}, {@code HPM_TOKEN}, {@code HPM_CA_FILE}), then the CLI configuration file,
 * then the defaults. The secret — a password or a token — comes from the first of those levels
 * that gives one; one level giving both is an error. Every problem names the setting, its value
 * (never a secret) and the fix.
 */
public final class SettingsResolver {
    /** Where the server is when nothing says otherwise. */
    public static final String DEFAULT_SERVER = "http://127.0.0.1:8460";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private SettingsResolver() {
    }

    /** A value and the name of the setting it came from. */
    record Sourced(String value, String source) {
    }

    public static ConnectionSettings resolve(ConnectionOptions flags, CliEnvironment env) {
        CliConfig config = config(flags, env);
        Sourced server = first(flag(flags.server, "--server"), variable(env, "HPM_SERVER"), file(config, "server"),
                new Sourced(DEFAULT_SERVER, "the default"));
        URI uri = serverUri(server);
        Sourced user = first(flag(flags.user, "--user"), variable(env, "HPM_USER"), file(config, "user"));
        Credentials credentials = credentials(flags, env, config, user);
        Sourced ca = first(flag(flags.caFile == null ? null : flags.caFile.toString(), "--ca-file"),
                variable(env, "HPM_CA_FILE"), file(config, "ca-file"));
        Path caFile = null;
        if (ca != null) {
            caFile = Path.of(ca.value());
            PrivateFiles.requireFile(caFile, ca.source());
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (flags.timeoutSeconds != null) {
            if (flags.timeoutSeconds < 1 || flags.timeoutSeconds > 3600) {
                throw CliFailure.usage("--timeout is " + flags.timeoutSeconds + ": give 1 to 3600 seconds");
            }
            timeout = Duration.ofSeconds(flags.timeoutSeconds);
        }
        return new ConnectionSettings(uri, server.source(), credentials, caFile, ca == null ? null : ca.source(), timeout,
                flags.verbose);
    }

    private static CliConfig config(ConnectionOptions flags, CliEnvironment env) {
        if (flags.cliConfig != null) {
            return CliConfig.load(flags.cliConfig, "--cli-config", env.home());
        }
        String variable = env.get("HPM_CLI_CONFIG");
        if (variable != null) {
            return CliConfig.load(Path.of(variable), "HPM_CLI_CONFIG", env.home());
        }
        return CliConfig.load(env.home().resolve(CliConfig.DEFAULT_PATH), null, env.home());
    }

    /** The secret from the first level that has one; a user name must go with a password. */
    private static Credentials credentials(ConnectionOptions flags, CliEnvironment env, CliConfig config, Sourced user) {
        List<Level> levels = List.of(
                new Level(Secret.inline(flag(flags.token, "--token")),
                        Secret.inFile(flag(flags.passwordFile == null ? null : flags.passwordFile.toString(), "--password-file"))),
                new Level(Secret.inline(variable(env, "HPM_TOKEN")), Secret.inline(variable(env, "HPM_PASSWORD"))),
                new Level(Secret.inFile(file(config, "token-file")), Secret.inFile(file(config, "password-file"))));
        for (Level level : levels) {
            if (level.token() != null && level.password() != null) {
                throw CliFailure.usage(level.token().where().source() + " and " + level.password().where().source()
                        + " are both given: use one, a token or a user's password");
            }
            if (level.token() != null) {
                return new Credentials.Token(level.token().read(), level.token().describe());
            }
            if (level.password() != null) {
                if (user == null) {
                    throw CliFailure.usage("a password is given (" + level.password().where().source() + ") but no user:"
                            + " add --user NAME, set HPM_USER, or put user: NAME in ~/" + CliConfig.DEFAULT_PATH);
                }
                if (user.value().contains(":") || user.value().isBlank()) {
                    throw CliFailure.usage(user.source() + " is \"" + user.value() + "\": give a user name without ':'");
                }
                return new Credentials.Password(user.value(), level.password().read(), level.password().describe());
            }
        }
        return new Credentials.None();
    }

    /** One level of precedence: a token and a password, either possibly absent. */
    private record Level(Secret token, Secret password) {
    }

    /** A secret given inline (a flag or variable) or by the file that holds it. */
    private record Secret(Sourced where, boolean inFile) {
        static Secret inline(Sourced where) {
            return where == null ? null : new Secret(where, false);
        }

        static Secret inFile(Sourced where) {
            return where == null ? null : new Secret(where, true);
        }

        String read() {
            if (inFile) {
                return PrivateFiles.readSecret(Path.of(where.value()), where.source());
            }
            if (where.value().isBlank()) {
                throw CliFailure.usage(where.source() + " is empty: give the secret, or leave it out");
            }
            return where.value();
        }

        /** "--password-file /home/u/pw" or "HPM_TOKEN": where, never what. */
        String describe() {
            return inFile ? where.source() + " " + where.value() : where.source();
        }
    }

    /** The server's root URI: http or https, a host, no user name or password, no query. */
    static URI serverUri(Sourced server) {
        String text = server.value().strip();
        String fix = "write it like http://127.0.0.1:8460 or https://hpm.example.com:8460";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw CliFailure.usage(server.source() + " is \"" + text + "\": not a URL; " + fix);
        }
        if (uri.getRawUserInfo() != null) {
            throw CliFailure.usage(server.source() + " contains a user name or password: remove it from the URL"
                    + " and use --user with --password-file, or a token");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw CliFailure.usage(server.source() + " is \"" + text + "\": " + fix);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw CliFailure.usage(server.source() + " is \"" + text + "\": remove the query or fragment; " + fix);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(ConnectionSettings.API)) {
            path = path.substring(0, path.length() - ConnectionSettings.API.length());
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static Sourced first(Sourced... candidates) {
        for (Sourced s : candidates) {
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private static Sourced flag(String value, String name) {
        return value == null ? null : new Sourced(value, name);
    }

    private static Sourced variable(CliEnvironment env, String name) {
        String v = env.get(name);
        return v == null ? null : new Sourced(v, name);
    }

    private static Sourced file(CliConfig config, String key) {
        String v = config.get(key);
        return v == null ? null : new Sourced(v, config.source(key));
    }
}
