package dev.hpm.server.security;

import io.javalin.security.RouteRole;

/**
 * Who may call a route: anyone (health, OpenAPI), a viewer (zHPM's zhpmuser: read), or an admin
 * (zhpmadm: read and write). An admin may do everything a viewer may.
 */
public enum Role implements RouteRole {
    ANYONE, VIEWER, ADMIN;

    /** True if a user with role {@code held} may call a route that needs this role. */
    public boolean allows(Role held) {
        return this == ANYONE || held == ADMIN || held == this;
    }

    public static Role of(dev.hpm.store.UserRepository.Role stored) {
        return stored == dev.hpm.store.UserRepository.Role.ADMIN ? ADMIN : VIEWER;
    }
}
