package dev.hpm.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * What HPM answers when a libvirt server asks who is connecting ({@code virConnectOpenAuth}): the
 * user name for SASL ({@code VIR_CRED_AUTHNAME}, also given for {@code VIR_CRED_USERNAME}) and the
 * password ({@code VIR_CRED_PASSPHRASE}). Credentials come from a file or from the environment,
 * never from command-line flags (which every user of the machine can read in the process list):
 * <ul>
 *   <li>a credentials file ({@code credentials-file} of a host in the server's configuration), in
 *       Java properties syntax with the keys {@value #AUTHNAME_KEY} and {@value #PASSPHRASE_KEY},
 *       readable by its owner only (mode 600 or 400; a file others can read is refused);</li>
 *   <li>else the environment variables {@value #AUTHNAME_ENV} and {@value #PASSPHRASE_ENV}.</li>
 * </ul>
 * Either part may be absent; a server that asks for an absent one gets no answer and the connection
 * fails with a message naming what was asked and where to put it. {@link #toString()} never shows
 * the password.
 *
 * @param authname   the user name, or null
 * @param passphrase the password, or null
 * @param source     where they came from, for messages ("credentials file /etc/hpm/kvm1.cred")
 */
public record LibvirtCredentials(String authname, String passphrase, String source) {
    public static final String AUTHNAME_KEY = "authname";
    public static final String PASSPHRASE_KEY = "passphrase";
    public static final String AUTHNAME_ENV = "HPM_LIBVIRT_AUTHNAME";
    public static final String PASSPHRASE_ENV = "HPM_LIBVIRT_PASSPHRASE";
    /** No credentials: a server that asks for some refuses the connection. */
    public static final LibvirtCredentials NONE = new LibvirtCredentials(null, null, "no credentials");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** True if there is nothing to answer. */
    public boolean isEmpty() {
        return authname == null && passphrase == null;
    }

    /** The credentials file if {@code file} is given, else the environment's (possibly none). */
    public static LibvirtCredentials resolve(Path file, Map<String, String> environment) {
        return file != null ? fromFile(file) : fromEnvironment(environment);
    }

    /** {@value #AUTHNAME_ENV} and {@value #PASSPHRASE_ENV} of {@code environment}; empty values count as absent. */
    public static LibvirtCredentials fromEnvironment(Map<String, String> environment) {
        String name = blankToNull(environment.get(AUTHNAME_ENV));
        String pass = blankToNull(environment.get(PASSPHRASE_ENV));
        return name == null && pass == null ? NONE
                : new LibvirtCredentials(name, pass, "environment " + AUTHNAME_ENV + "/" + PASSPHRASE_ENV);
    }

    /**
     * Reads a credentials file.
     *
     * @throws IllegalArgumentException naming the file and the fix if it is missing, unreadable,
     *                                  readable by others, or has keys other than the two
     */
    public static LibvirtCredentials fromFile(Path file) {
        checkMode(file);
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the libvirt credentials file " + file + ": " + e.getMessage()
                    + "; give a readable file with " + AUTHNAME_KEY + "= and " + PASSPHRASE_KEY + "= lines");
        }
        for (String key : p.stringPropertyNames()) {
            if (!key.equals(AUTHNAME_KEY) && !key.equals(PASSPHRASE_KEY)) {
                throw new IllegalArgumentException("the libvirt credentials file " + file + " has the unknown key \""
                        + key + "\"; use only " + AUTHNAME_KEY + " and " + PASSPHRASE_KEY);
            }
        }
        String name = blankToNull(p.getProperty(AUTHNAME_KEY));
        String pass = blankToNull(p.getProperty(PASSPHRASE_KEY));
        if (name == null && pass == null) {
            throw new IllegalArgumentException("the libvirt credentials file " + file + " gives neither "
                    + AUTHNAME_KEY + " nor " + PASSPHRASE_KEY + "; add " + AUTHNAME_KEY + "=USER and "
                    + PASSPHRASE_KEY + "=PASSWORD lines");
        }
        return new LibvirtCredentials(name, pass, "credentials file " + file);
    }

    /** Refuses a file that is missing or that its group or others may read or change. */
    static void checkMode(Path file) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new IllegalArgumentException("the libvirt credentials file " + file + " cannot be read ("
                    + e.getMessage() + "); create it with " + AUTHNAME_KEY + "= and " + PASSPHRASE_KEY
                    + "= lines, mode 600");
        }
        if (mode.stream().anyMatch(OTHERS::contains)) {
            throw new IllegalArgumentException("the libvirt credentials file " + file + " has mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(mode)
                    + ", open to other users; run chmod 600 " + file);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public String toString() {
        return "LibvirtCredentials[" + source + (authname == null ? "" : ", authname " + authname)
                + (passphrase == null ? "" : ", passphrase ***") + "]";
    }
}
