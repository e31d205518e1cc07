package dev.hpm.server.cim;

import dev.hpm.cim.http.CimAccess;
import dev.hpm.server.security.Authenticator;
import dev.hpm.server.security.Role;

/**
 * The CIM port's logins: the REST API's {@link Authenticator} (same users, passwords, tokens,
 * throttling and audit of failures); admins may call methods that change things, viewers may read.
 */
public final class CimLogin implements CimAccess {
    private final Authenticator authenticator;

    public CimLogin(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Outcome authenticate(String authorization, String address) {
        return switch (authenticator.authenticate(authorization, address)) {
            case Authenticator.Outcome.Authenticated a ->
                    new Outcome.Allowed(a.principal().name(), a.principal().role() == Role.ADMIN);
            case Authenticator.Outcome.Throttled t -> new Outcome.Throttled(t.retryAfter().toSeconds());
            case Authenticator.Outcome.Anonymous a -> new Outcome.Denied();
            case Authenticator.Outcome.Refused r -> new Outcome.Denied();
        };
    }
}
