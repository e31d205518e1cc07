package dev.hpm.server.security;

/** An authenticated caller. {@code via} says how: "password" or "token TOKEN-ID". */
public record Principal(String name, Role role, String via) {
}
