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
            return new NewUser(name, role(node, true), password(node, true));
        });
        if (users().user(n.name()).isPresent()) {
            throw ApiException.conflict("a user named " + n.name() + " exists already");
        }
        UserRepository.UserRecord created = users().create(n.name(), n.role(), Secrets.hashPassword(n.password()));
        api.audit(ctx, "create-user", n.name(), "role " + n.role().name().toLowerCase(Locale.ROOT));
        ctx.status(201).json(user(created));
    }

    public void updateUser(Context ctx) {
        String name = ctx.pathParam("name");
        Principal caller = ApiContext.principal(ctx);
        UserRepository.UserRecord target = users().user(name).orElseThrow(() -> ApiException.notFound("no user named " + name));
        record Change(UserRepository.Role role, String password) {
        }
        Change change = Requests.read(ctx, node -> {
            node.object("role", "password");
            Change c = new Change(node.has("role") ? role(node, false) : null, node.has("password") ? password(node, false) : null);
            if (!node.has("role") && !node.has("password")) {
                node.problem("password", null, "give role or password to change");
            }
            return c;
        });
        boolean self = caller.name().equals(name);
        if (caller.role() != Role.ADMIN && (!self || change.role() != null)) {
            throw ApiException.forbidden("a viewer may only change their own password");
        }
        if (change.role() == UserRepository.Role.VIEWER && target.role() == UserRepository.Role.ADMIN && lastAdmin()) {
            throw ApiException.conflict(name + " is the only admin; make someone else admin first");
        }
        if (change.password() != null) {
            users().setPassword(name, Secrets.hashPassword(change.password()));
        }
        if (change.role() != null) {
            users().setRole(name, change.role());
        }
        authenticator.forgetAll();
        api.audit(ctx, "update-user", name, (change.role() == null ? "" : "role " + change.role().name().toLowerCase(Locale.ROOT) + "; ")
                + (change.password() == null ? "" : "password changed"));
        ctx.json(user(users().user(name).orElseThrow()));
    }

    public void deleteUser(Context ctx) {
        String name = ctx.pathParam("name");
        UserRepository.UserRecord target = users().user(name).orElseThrow(() -> ApiException.notFound("no user named " + name));
        if (target.role() == UserRepository.Role.ADMIN && lastAdmin()) {
            throw ApiException.conflict(name + " is the only admin and cannot be deleted");
        }
        users().delete(name);
        authenticator.forgetAll();
        api.audit(ctx, "delete-user", name, "");
        ctx.status(204);
    }

    private boolean lastAdmin() {
        return users().users().stream().filter(u -> u.role() == UserRepository.Role.ADMIN).count() <= 1;
    }

    public void listTokens(Context ctx) {
        ArrayNode list = Views.JSON.arrayNode();
        users().tokens(ApiContext.principal(ctx).name()).forEach(t -> list.add(token(t)));
        ctx.json(Views.JSON.objectNode().set("tokens", list));
    }

    public void createToken(Context ctx) {
        String label = Requests.read(ctx, node -> {
            node.object("label");
            String l = node.text("label", null);
            if (l != null && (l.isBlank() || l.length() > 64)) {
                node.problem("label", l, "give a label of 1 to 64 characters, e.g. the script that uses it");
            }
            return l;
        });
        String secret = Secrets.newToken();
        UserRepository.TokenRecord t = users().createToken(ApiContext.principal(ctx).name(), label, Secrets.sha256(secret));
        api.audit(ctx, "create-token", t.id(), label);
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
        users().revokeToken(id);
        api.audit(ctx, "revoke-token", id, "");
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
        if (text == null || text.isEmpty()) {
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

    private static String password(Node n, boolean required) {
        String p = n.text("password", required ? null : "");
        if (p != null && p.length() < MIN_PASSWORD) {
            n.problem("password", "(" + p.length() + " characters)", "use at least " + MIN_PASSWORD + " characters");
        }
        if (p != null && p.length() > 1000) {
            n.problem("password", "(" + p.length() + " characters)", "use at most 1000 characters");
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
