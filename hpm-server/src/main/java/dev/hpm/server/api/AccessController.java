package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Node;
import dev.hpm.server.security.Authenticator;
import dev.hpm.server.security.Principal;
import dev.hpm.server.security.Role;
import dev.hpm.server.security.Secrets;
import dev.hpm.store.AuditLog;
import dev.hpm.store.UserRepository;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** Users, API tokens, the caller's session and the audit log. */
public final class AccessController {
    static final int MIN_PASSWORD = 12;
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private final ApiContext api;
    private final Authenticator authenticator;

    public AccessController(ApiContext api, Authenticator authenticator) {
        this.api = api;
        this.authenticator = authenticator;
    }

    private UserRepository users() {
        return api.store().users();
    }

    public void session(Context ctx) {
        Principal p = ApiContext.principal(ctx);
        ObjectNode o = Views.JSON.objectNode();
        o.put("name", p.name());
        o.put("role", p.role().name().toLowerCase(Locale.ROOT));
        o.put("via", p.via());
        ctx.json(o);
    }

    public void listUsers(Context ctx) {
        ArrayNode list = Views.JSON.arrayNode();
        users().users().forEach(u -> list.add(user(u)));
        ctx.json(Views.JSON.objectNode().set("users", list));
    }

    private record NewUser(String name, UserRepository.Role role, String password) {
    }

    public void createUser(Context ctx) {
        NewUser n = Requests.read(ctx, node -> {
            node.object("name", "role", "password");
            String name = node.text("name", null);
            if (name != null && !USER_NAME.matcher(name).matches()) {
                node.problem("name", name, "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            return new NewUser(name, role(node, true), password(node, "password", true));
        });
        UserRepository.UserRecord created = api.audited(ctx, "create-user", n.name(),
                "role " + n.role().name().toLowerCase(Locale.ROOT),
                () -> users().create(n.name(), n.role(), Secrets.hashPassword(n.password())));
        ctx.status(201).json(user(created));
    }

    /**
     * Changes a role (admins) or a password (admins for anyone; a viewer for themself). Whoever
     * changes their own password gives the old one too; a new password revokes every other token of
     * the user (the caller's own token stays). A viewer gets the same 403 whether or not the user
     * exists, so user names cannot be probed.
     */
    public void updateUser(Context ctx) {
        String name = ctx.pathParam("name");
        Principal caller = ApiContext.principal(ctx);
        boolean self = caller.name().equals(name);
        if (caller.role() != Role.ADMIN && !self) {
            throw ApiException.forbidden("a viewer may only change their own password");
        }
        record Change(UserRepository.Role role, String password, String oldPassword) {
        }
        Change change = Requests.read(ctx, node -> {
            node.object("role", "password", "old-password");
            Change c = new Change(node.has("role") ? role(node, false) : null,
                    node.has("password") ? password(node, "password", false) : null,
                    node.has("old-password") ? node.text("old-password", null) : null);
            if (!node.has("role") && !node.has("password")) {
                node.problem("password", null, "give role or password to change");
            }
            if (self && node.has("password") && !node.has("old-password")) {
                node.problem("old-password", null, "give your current password too, to change your own");
            }
            return c;
        });
        if (caller.role() != Role.ADMIN && change.role() != null) {
            throw ApiException.forbidden("a viewer may only change their own password");
        }
        UserRepository.UserRecord target = users().user(name).orElseThrow(() -> ApiException.notFound("no user named " + name));
        if (self && change.password() != null && !Secrets.verifyPassword(change.oldPassword(), target.passwordHash())) {
            throw new ApiException(403, "forbidden", "old-password is not your current password; the password is unchanged");
        }
        String hash = change.password() == null ? null : Secrets.hashPassword(change.password());
        UserRepository.UserRecord updated = api.audited(ctx, "update-user", name, (change.role() == null ? "" : "role "
                        + change.role().name().toLowerCase(Locale.ROOT) + "; ")
                        + (change.password() == null ? "" : "password changed, other tokens revoked"),
                () -> users().update(name, change.role(), hash, self ? caller.tokenId() : null));
        authenticator.forgetAll();
        ctx.json(user(updated));
    }

    public void deleteUser(Context ctx) {
        String name = ctx.pathParam("name");
        api.audited(ctx, "delete-user", name, "", () -> users().delete(name));
        authenticator.forgetAll();
        ctx.status(204);
    }

    public void listTokens(Context ctx) {
        ArrayNode list = Views.JSON.arrayNode();
        users().tokens(ApiContext.principal(ctx).name()).forEach(t -> list.add(token(t)));
        ctx.json(Views.JSON.objectNode().set("tokens", list));
    }

    /**
     * A new API token, for a caller who gave their password: a token cannot make tokens, so none
     * can outlive the revocation of the one it came from.
     */
    public void createToken(Context ctx) {
        Principal caller = ApiContext.principal(ctx);
        if (caller.tokenId() != null) {
            throw ApiException.forbidden("an API token cannot create tokens: log in with your user name and "
                    + "password (HTTP Basic) to create one");
        }
        String label = Requests.read(ctx, node -> {
            node.object("label");
            String l = node.text("label", null);
            if (l != null && (l.isBlank() || l.length() > 64)) {
                node.problem("label", l, "give a label of 1 to 64 characters, e.g. the script that uses it");
            }
            return l;
        });
        String secret = Secrets.newToken();
        UserRepository.TokenRecord t = api.audited(ctx, "create-token", caller.name(), label,
                () -> users().createToken(caller.name(), label, Secrets.sha256(secret)));
        ObjectNode o = token(t);
        o.put("token", secret);
        ctx.status(201).json(o);
    }

    public void revokeToken(Context ctx) {
        String id = ctx.pathParam("id");
        Principal caller = ApiContext.principal(ctx);
        boolean mine = users().tokens(caller.name()).stream().anyMatch(t -> t.id().equals(id));
        if (!mine && caller.role() != Role.ADMIN) {
            throw ApiException.notFound("you have no token " + id);
        }
        api.audited(ctx, "revoke-token", id, "", () -> users().revokeToken(id));
        ctx.status(204);
    }

    public void audit(Context ctx) {
        Requests.Range r = Requests.range(ctx, api.time().now(), Duration.ofDays(1));
        ArrayNode list = Views.JSON.arrayNode();
        for (AuditLog.Entry e : api.store().audit().query(r.from(), r.to(), Requests.integer(ctx, "limit", 500, 1, 10_000))) {
            ObjectNode o = list.addObject();
            o.put("id", e.id());
            o.put("time", e.at().toString());
            o.put("user", e.user());
            o.put("action", e.action());
            o.put("target", e.target());
            o.put("detail", e.detail());
        }
        ctx.json(Views.JSON.objectNode().set("entries", list));
    }

    private static UserRepository.Role role(Node n, boolean required) {
        String text = n.text("role", required ? null : "");
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "viewer" -> UserRepository.Role.VIEWER;
            case "admin" -> UserRepository.Role.ADMIN;
            default -> {
                n.problem("role", text, "use viewer (read only) or admin");
                yield null;
            }
        };
    }

    private static String password(Node n, String key, boolean required) {
        String p = n.text(key, required ? null : "");
        if (p != null && p.length() < MIN_PASSWORD) {
            n.problem(key, "(" + p.length() + " characters)", "use at least " + MIN_PASSWORD + " characters");
        }
        if (p != null && p.length() > 1000) {
            n.problem(key, "(" + p.length() + " characters)", "use at most 1000 characters");
        }
        return p;
    }

    private static ObjectNode user(UserRepository.UserRecord u) {
        ObjectNode o = Views.JSON.objectNode();
        o.put("name", u.name());
        o.put("role", u.role().name().toLowerCase(Locale.ROOT));
        o.put("created", u.created().toString());
        return o;
    }

    private static ObjectNode token(UserRepository.TokenRecord t) {
        ObjectNode o = Views.JSON.objectNode();
        o.put("id", t.id());
        o.put("label", t.label());
        o.put("created", t.created().toString());
        Views.time(o, "last-used", t.lastUsed());
        return o;
    }
}
