package dev.hpm.cim.http;

/**
 * Checks a request's credentials: {@code hpm serve} implements it with the REST API's
 * authenticator, so the CIM port has the same users, roles, throttling and audit of failed logins.
 */
@FunctionalInterface
public interface CimAccess {
    /** What the {@code Authorization} header (null if none) from {@code address} comes to. */
    Outcome authenticate(String authorization, String address);

    /** The result of a check. */
    sealed interface Outcome {
        /** A known user; {@code mayChange} if their role allows changes (admin). */
        record Allowed(String user, boolean mayChange) implements Outcome {
        }

        /** No or wrong credentials: 401. */
        record Denied() implements Outcome {
        }

        /** Too many failures from this user or address: 429 for {@code retryAfterSeconds}. */
        record Throttled(long retryAfterSeconds) implements Outcome {
        }
    }
}
