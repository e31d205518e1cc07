package dev.hpm.server.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Password hashing and API token secrets. Passwords: PBKDF2 with HMAC-SHA-256 and a random salt,
 * stored as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (RFC 8018; iteration count after OWASP's
 * password storage guidance). Tokens: 32 random bytes, shown once, stored as their SHA-256 (a token
 * has full entropy, so a fast hash is enough). Comparisons are constant-time.
 */
public final class Secrets {
    /**
     * Iterations for new hashes: OWASP's figure for PBKDF2-HMAC-SHA256 (about 0.25 s on one core
     * here). Older hashes keep theirs until the user's next successful login rehashes them.
     */
    public static final int ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String hashPassword(String password) {
        return hashPassword(password, ITERATIONS);
    }

    /** A hash with another iteration count (older hashes, in tests). */
    static String hashPassword(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + b64(salt) + "$" + b64(pbkdf2(password, salt, iterations));
    }

    /** A hash of a random password, for {@link #verifyPassword} to spend on users who do not exist. */
    private static final String DUMMY = hashPassword(newToken());

    public static boolean verifyPassword(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return iterations > 0 && iterations <= 10 * ITERATIONS
                    && MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
        } catch (IllegalArgumentException e) { // a damaged hash verifies nothing
            return false;
        }
    }

    /**
     * The work of {@link #verifyPassword} for a user who does not exist, so that an unknown user
     * name answers as slowly as a wrong password and names cannot be told apart by timing.
     */
    public static void verifyNothing(String password) {
        verifyPassword(password, DUMMY);
    }

    /** Whether {@code stored} was made with fewer iterations than new hashes get. */
    public static boolean needsRehash(String stored) {
        String[] parts = stored.split("\\$");
        try {
            return parts.length != 4 || !parts[0].equals(SCHEME) || Integer.parseInt(parts[1]) < ITERATIONS;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** A new API token secret: {@code hpm_} and 43 URL-safe characters. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "hpm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A random password of {@code length} letters and digits, for the first admin. */
    public static String newPassword(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
