package dev.hpm.server.security;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets HPM must use again, not only check: a host's BMC password, which the IPMI driver sends to
 * the BMC. User passwords and API tokens are only hashed ({@link Secrets}); a BMC password cannot
 * be, so it is sealed with AES-256-GCM under a key of the server's own ({@code secrets.key} in the
 * data directory, created with mode 0600 on first use) and stored as {@code aes-gcm$IV$CIPHERTEXT}.
 * The store, the API and the logs see only the sealed form; a copy of the database without the key
 * file reveals nothing.
 */
public final class SecretBox {
    private static final String SCHEME = "aes-gcm";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The box of the data directory: its key file, created if missing. */
    public static SecretBox in(Path dataDirectory) {
        Path file = dataDirectory.resolve("secrets.key");
        try {
            if (!Files.exists(file)) {
                byte[] k = new byte[32];
                RANDOM.nextBytes(k);
                Path tmp = Files.createTempFile(dataDirectory, "secrets", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's protection applies
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(k));
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new SecretBox(Base64.getDecoder().decode(Files.readString(file).strip()));
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException("cannot read or create the key of sealed secrets " + file + ": "
                    + e.getMessage() + "; check the data directory's permissions", e instanceof IOException io ? io
                    : new IOException(e));
        }
    }

    public String seal(String secret) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return SCHEME + "$" + b64(iv) + "$" + b64(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** The secret, for the driver that sends it; throws if it was sealed under another key or damaged. */
    public String open(String sealed) {
        String[] parts = sealed.split("\\$");
        if (parts.length != 3 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Base64.getDecoder().decode(parts[1])));
            return new String(c.doFinal(Base64.getDecoder().decode(parts[2])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the sealed secret does not open with this server's key "
                    + "(secrets.key was replaced?); set the password again", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
