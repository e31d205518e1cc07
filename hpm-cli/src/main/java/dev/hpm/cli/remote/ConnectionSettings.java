package dev.hpm.cli.remote;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolved connection settings: where the server is, who we are, whom to trust. Each value keeps
 * the name of its source (a flag, a variable, the configuration file, or the default) so that
 * messages can say which setting to fix.
 *
 * @param server       the server's root, e.g. {@code http://127.0.0.1:8460} (without the API path)
 * @param serverSource where {@code server} came from
 * @param credentials  who the requests are made as
 * @param caFile       PEM certificates to trust for https, or null for the JDK's trust store
 * @param caSource     where {@code caFile} came from
 * @param timeout      how long to wait for a connection and for each answer
 * @param verbose      print the settings and each request to standard error
 */
public record ConnectionSettings(URI server, String serverSource, Credentials credentials, Path caFile,
                                 String caSource, Duration timeout, boolean verbose) {
    /** The API's base path on the server. */
    public static final String API = "/zhpm/wsapi/v1";

    /** What {@code --verbose} prints: every setting and its source, never a secret. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("server " + server + " (from " + serverSource + ")");
        lines.add("credentials: " + credentials.describe());
        if (caFile != null) {
            lines.add("trusting the CA certificates in " + caFile + " (from " + caSource + ")"
                    + (server.getScheme().equals("https") ? "" : ", unused: the server is not https"));
        }
        return lines;
    }

    @Override
    public String toString() {
        return String.join("; ", describe());
    }
}
