package dev.hpm.cli.remote;

import java.io.Console;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may read from its process besides its arguments: the environment variables, the
 * home directory (for {@code ~/.config/hpm/cli.yaml}), standard input (for {@code --password-stdin})
 * and a terminal prompt that does not echo. Injected so that tests control all four.
 *
 * @param variables the environment ({@code System.getenv()} in production)
 * @param home      the user's home directory
 * @param stdin     standard input
 * @param prompt    asks for a secret on the terminal
 */
public record CliEnvironment(Map<String, String> variables, Path home, InputStream stdin, PasswordPrompt prompt) {
    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The process's own environment, home, standard input and console. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), System.in, text -> {
            Console console = System.console();
            return console == null ? null : console.readPassword("%s", text);
        });
    }

    /** The variable's value, or null when it is unset or blank. */
    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** {@code HPM_DEBUG=1}: stack traces for failures. */
    public boolean debug() {
        return "1".equals(variables.get("HPM_DEBUG"));
    }

    /** Reads a secret from the terminal without echoing it. */
    @FunctionalInterface
    public interface PasswordPrompt {
        /** The text typed after {@code prompt}, or null when there is no terminal to ask on. */
        char[] read(String prompt);
    }

    /** Implemented by the root command, which owns the environment its subcommands run in. */
    public interface Provider {
        CliEnvironment environment();
    }
}
