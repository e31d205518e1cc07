package dev.hpm.cli.remote;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who the CLI says it is: nobody, a user with a password (HTTP Basic) or an API token (Bearer).
 * {@link #toString()} and {@link #describe()} name the source of a secret, never the secret.
 */
public sealed interface Credentials {
    /** The {@code Authorization} header value, or null for none. */
    String header();

    /** For messages and {@code --verbose}: e.g. "user admin, password from --password-file /x". */
    String describe();

    /** No credentials: only {@code health} works. */
    record None() implements Credentials {
        @Override
        public String header() {
            return null;
        }

        @Override
        public String describe() {
            return "no credentials";
        }
    }

    /** HTTP Basic. */
    record Password(String user, String password, String source) implements Credentials {
        @Override
        public String header() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String describe() {
            return "user " + user + ", password from " + source;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** An API token. */
    record Token(String token, String source) implements Credentials {
        @Override
        public String header() {
            return "Bearer " + token;
        }

        @Override
        public String describe() {
            return "API token from " + source;
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
