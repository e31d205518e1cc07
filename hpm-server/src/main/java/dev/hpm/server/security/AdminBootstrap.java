package dev.hpm.server.security;

import dev.hpm.store.UserRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Makes sure someone can log in to a new installation: when the store has no user, creates
 * {@code admin} with the password from {@code HPM_ADMIN_PASSWORD}, or with a random one written to
 * a file only its owner can read. Returns what to tell the operator; the password itself is never
 * logged.
 */
public final class AdminBootstrap {
    public static final String ADMIN = "admin";
    public static final String PASSWORD_FILE = "initial-admin-password";

    private AdminBootstrap() {
    }

    /** The message for the operator, or empty if users exist already. */
    public static Optional<String> ensureAdmin(UserRepository users, String fromEnvironment, Path dataDirectory) {
        if (users.any()) {
            return Optional.empty();
        }
        if (fromEnvironment != null) {
            users.create(ADMIN, UserRepository.Role.ADMIN, Secrets.hashPassword(fromEnvironment));
            return Optional.of("created user '" + ADMIN + "' (role admin) with the password given in HPM_ADMIN_PASSWORD");
        }
        String password = Secrets.newPassword(20);
        Path file = dataDirectory.resolve(PASSWORD_FILE);
        try {
            Files.createDirectories(dataDirectory);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial admin password to " + file + ": " + e.getMessage(), e);
        }
        users.create(ADMIN, UserRepository.Role.ADMIN, Secrets.hashPassword(password));
        return Optional.of("created user '" + ADMIN + "' (role admin); its password is in " + file.toAbsolutePath()
                + " (readable only by you): log in, then change it or create your own users and delete the file");
    }
}
