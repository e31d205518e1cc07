package dev.hpm.cli.remote;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold or point to secrets (passwords, tokens, the CLI configuration): they must not be
 * readable by the group or by others, and a secret is the first line of its file. Errors name the
 * setting and the file, never the content.
 */
public final class PrivateFiles {
    /** Longest secret file read. */
    static final int MAX_SECRET_BYTES = 4096;

    private PrivateFiles() {
    }

    /**
     * Refuses a file that the group or others may read (on file systems with POSIX permissions).
     *
     * @param setting the setting that named the file, e.g. {@code --password-file}
     */
    public static void requirePrivate(Path file, String setting) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX permissions to check (e.g. Windows); the file system's ACLs apply
        } catch (IOException e) {
            throw CliFailure.usage(setting + " is " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
            throw CliFailure.usage(setting + " is " + file + ", which other users can read (mode "
                    + PosixFilePermissions.toString(mode) + "): run chmod 600 " + file);
        }
    }

    /** Checks that {@code file} is a readable regular file, naming {@code setting} if not. */
    public static void requireFile(Path file, String setting) {
        if (!Files.exists(file)) {
            throw CliFailure.usage(setting + " is " + file + ": no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliFailure.usage(setting + " is " + file + ": not a readable file");
        }
    }

    /**
     * The secret on the first line of a private file (a trailing newline is not part of it).
     *
     * @param setting the setting that named the file, for messages
     */
    public static String readSecret(Path file, String setting) {
        requireFile(file, setting);
        requirePrivate(file, setting);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SECRET_BYTES) {
                throw CliFailure.usage(setting + " is " + file + ": larger than " + MAX_SECRET_BYTES
                        + " bytes; it should hold just the secret on its first line");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliFailure.usage(setting + " is " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw CliFailure.usage(setting + " is " + file + ": not UTF-8 text");
        }
        String secret = firstLine(text);
        if (secret.isEmpty()) {
            throw CliFailure.usage(setting + " is " + file + ": its first line is empty; write the secret there");
        }
        return secret;
    }

    /** The first line of {@code text}, without its line break. */
    public static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
