package dev.hpm.cli.remote;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The connection flags every server command takes. They win over the environment ({@code HPM_*}),
 * which wins over the CLI configuration file; {@link SettingsResolver} applies that order. There
 * is deliberately no password flag: a command line is visible to every user of the machine.
 */
public final class ConnectionOptions {
    @Option(names = "--server", paramLabel = "URL", order = 100,
            description = "HPM server, e.g. https://hpm.example.com:8460 (env HPM_SERVER; default http://127.0.0.1:8460)")
    String server;

    @Option(names = "--user", paramLabel = "NAME", order = 101, description = "user for HTTP Basic (env HPM_USER)")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", order = 102,
            description = "file with the user's password on its first line, readable only by you (or env HPM_PASSWORD)")
    Path passwordFile;

    @Option(names = "--token", paramLabel = "TOKEN", order = 103,
            description = "API token (see token-create); env HPM_TOKEN or token-file keep it out of the process list")
    String token;

    @Option(names = "--ca-file", paramLabel = "FILE", order = 104,
            description = "PEM file with the CA certificate that signed an https server's certificate (env HPM_CA_FILE)")
    Path caFile;

    @Option(names = "--cli-config", paramLabel = "FILE", order = 105,
            description = "CLI configuration file (env HPM_CLI_CONFIG; default ~/.config/hpm/cli.yaml)")
    Path cliConfig;

    @Option(names = "--timeout", paramLabel = "SECONDS", order = 106,
            description = "how long to wait for an answer (default 30)")
    Integer timeoutSeconds;

    @Option(names = {"-v", "--verbose"}, order = 107,
            description = "print where each setting came from and every request (never a secret)")
    boolean verbose;

    /** No flags: everything from the environment, the configuration file or the defaults. */
    public ConnectionOptions() {
    }

    /** Flags for tests and callers that build them in code. */
    public ConnectionOptions(String server, String user, Path passwordFile, String token, Path caFile, Path cliConfig) {
        this.server = server;
        this.user = user;
        this.passwordFile = passwordFile;
        this.token = token;
        this.caFile = caFile;
        this.cliConfig = cliConfig;
    }
}
