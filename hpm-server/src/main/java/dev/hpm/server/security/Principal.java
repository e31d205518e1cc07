package dev.hpm.server.security;

/** An authenticated caller. {@code via} says how: "password" or "token TOKEN-ID". */
public record Principal(String name, Role role, String via) {
    private static final String TOKEN = "token ";

    public static Principal byPassword(String name, Role role) {
        return new Principal(name, role, "password");
    }

    public static Principal byToken(String name, Role role, String tokenId) {
        return new Principal(name, role, TOKEN + tokenId);
    }

    /** The id of the token the caller used, or null if they gave their password. */
    public String tokenId() {
        return via.startsWith(TOKEN) ? via.substring(TOKEN.length()) : null;
    }
}
