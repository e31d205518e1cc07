package dev.hpm.cli.remote;

import java.util.List;

/**
 * A failure the user should read as one or a few lines, with the exit code that classifies it
 * (see {@link ExitCodes}). Never carries a secret: messages name settings and files, not their
 * contents.
 */
public class CliFailure extends RuntimeException {
    private final int exitCode;
    private final List<String> lines;

    public CliFailure(int exitCode, List<String> lines, Throwable cause) {
        super(String.join("; ", lines), cause);
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    public CliFailure(int exitCode, String line) {
        this(exitCode, List.of(line), null);
    }

    /** Invalid input or usage: exit code 2. */
    public static CliFailure usage(String line) {
        return new CliFailure(ExitCodes.USAGE, line);
    }

    /** The server cannot be reached or is unavailable: exit code 6. */
    public static CliFailure unavailable(String line, Throwable cause) {
        return new CliFailure(ExitCodes.UNAVAILABLE, List.of(line), cause);
    }

    public int exitCode() {
        return exitCode;
    }

    /** What to print, one line each (without the {@code hpm: } prefix). */
    public List<String> lines() {
        return lines;
    }
}
