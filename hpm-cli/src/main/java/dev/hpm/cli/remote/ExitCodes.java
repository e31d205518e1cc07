package dev.hpm.cli.remote;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of {@code hpm}, the same for every command, and the mapping from HTTP statuses.
 * Documented in {@code hpm help} and the README.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something unexpected (a bug, or a server error 500). */
    public static final int UNEXPECTED = 1;
    /** Invalid input or usage: bad flags or files; the server said 400, 413 or 415. */
    public static final int USAGE = 2;
    /** Not authenticated (401), not allowed (403), or too many failed logins (429). */
    public static final int AUTH = 3;
    /** Not found (404). */
    public static final int NOT_FOUND = 4;
    /** Conflict with the current state (409). */
    public static final int CONFLICT = 5;
    /** Server unreachable (refused, timed out, TLS not trusted) or unavailable (503). */
    public static final int UNAVAILABLE = 6;

    private ExitCodes() {
    }

    /** The exit code for an HTTP error status. */
    public static int forStatus(int status) {
        return switch (status) {
            case 400, 413, 415 -> USAGE;
            case 401, 403, 429 -> AUTH;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> UNEXPECTED;
        };
    }

    /** The list for the help text, code to meaning. */
    public static Map<String, String> descriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(" 0", "ok");
        m.put(" 1", "unexpected error (HPM_DEBUG=1 shows the stack trace)");
        m.put(" 2", "invalid input or usage: bad flags or files, or the server said 400, 413, 415");
        m.put(" 3", "not authenticated, not allowed or throttled (401, 403, 429)");
        m.put(" 4", "not found (404)");
        m.put(" 5", "conflict with the current state (409)");
        m.put(" 6", "server unreachable (refused, timeout, untrusted TLS) or unavailable (503)");
        return m;
    }

    /** Adds the list to the usage help of {@code cli}. */
    public static void document(CommandLine cli) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(descriptions());
    }
}
