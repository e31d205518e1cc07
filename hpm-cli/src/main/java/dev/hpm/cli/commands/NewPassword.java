package dev.hpm.cli.commands;

import dev.hpm.cli.remote.CliEnvironment;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.PrivateFiles;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a user's new password comes from: a private file, standard input (for scripts), or the
 * terminal, typed twice without echo. Never from the command line. The option is not called
 * {@code --password-file}: that one is the caller's own password, for logging in.
 */
final class NewPassword {
    /** Longest password read from standard input. */
    private static final int MAX_STDIN = 4096;

    @Option(names = "--new-password-file", paramLabel = "FILE",
            description = "file with the new password on its first line, readable only by you")
    Path file;

    @Option(names = "--password-stdin", description = "read the new password from the first line of standard input")
    boolean stdin;

    /** Whether a source was named on the command line. */
    boolean given() {
        return file != null || stdin;
    }

    /** Checks the options before anything is sent. */
    void validate() {
        if (file != null && stdin) {
            throw CliFailure.usage("--new-password-file and --password-stdin are both given: use one");
        }
    }

    /** The new password of {@code user}, from the option given or, failing that, the terminal. */
    String read(CliEnvironment env, String user) {
        if (file != null) {
            return PrivateFiles.readSecret(file, "--new-password-file");
        }
        if (stdin) {
            try {
                String line = PrivateFiles.firstLine(new String(env.stdin().readNBytes(MAX_STDIN), StandardCharsets.UTF_8));
                if (line.isEmpty()) {
                    throw CliFailure.usage("--password-stdin: standard input is empty; write the password on its first line");
                }
                return line;
            } catch (IOException e) {
                throw CliFailure.usage("--password-stdin: cannot read standard input (" + e.getMessage() + ")");
            }
        }
        char[] first = env.prompt().read("New password for " + user + " (at least 12 characters): ");
        if (first == null) {
            throw CliFailure.usage("no password for " + user + ": give --new-password-file FILE or --password-stdin"
                    + " (there is no terminal to ask on)");
        }
        char[] again = env.prompt().read("Type it again: ");
        try {
            if (again == null || !Arrays.equals(first, again)) {
                throw CliFailure.usage("the two passwords differ; nothing was changed");
            }
            if (first.length == 0) {
                throw CliFailure.usage("the password is empty; nothing was changed");
            }
            return new String(first);
        } finally {
            Arrays.fill(first, '\0');
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }
}
