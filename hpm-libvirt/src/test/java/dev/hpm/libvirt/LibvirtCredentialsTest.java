package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Credentials for {@code virConnectOpenAuth}: where they come from ({@link LibvirtCredentials}) and
 * how the callback fills libvirt's {@code virConnectCredential} array ({@link ConnectAuth}), on
 * native memory laid out as libvirt lays it out.
 */
class LibvirtCredentialsTest {
    @TempDir
    Path dir;

    private Path file(String text, String mode) throws Exception {
        Path f = dir.resolve("kvm1.cred");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void fromFile_ownerOnly_readsNameAndPassword() throws Exception {
        LibvirtCredentials c = LibvirtCredentials.fromFile(file("authname=hpm\npassphrase=s3cret\n", "rw-------"));
        assertThat(c.authname()).isEqualTo("hpm");
        assertThat(c.passphrase()).isEqualTo("s3cret");
        assertThat(c.toString()).doesNotContain("s3cret").contains("kvm1.cred");
    }

    @Test
    void fromFile_readableByOthers_isRefusedWithChmod() throws Exception {
        Path f = file("passphrase=s3cret\n", "rw-r--r--");
        assertThatThrownBy(() -> LibvirtCredentials.fromFile(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rw-r--r--").hasMessageContaining("chmod 600 " + f);
    }

    @Test
    void fromFile_unknownKeyOrMissing_namesTheFix() throws Exception {
        Path f = file("password=s3cret\n", "rw-------");
        assertThatThrownBy(() -> LibvirtCredentials.fromFile(f)).hasMessageContaining("unknown key \"password\"");
        assertThatThrownBy(() -> LibvirtCredentials.fromFile(dir.resolve("none.cred")))
                .hasMessageContaining("cannot be read").hasMessageContaining("mode 600");
    }

    @Test
    void resolve_noFile_takesTheEnvironment() {
        LibvirtCredentials c = LibvirtCredentials.resolve(null, Map.of(LibvirtCredentials.AUTHNAME_ENV, "ops",
                LibvirtCredentials.PASSPHRASE_ENV, "pw"));
        assertThat(c.authname()).isEqualTo("ops");
        assertThat(c.passphrase()).isEqualTo("pw");
        assertThat(LibvirtCredentials.resolve(null, Map.of())).isSameAs(LibvirtCredentials.NONE);
    }

    @Test
    void fill_authnameAndPassphrase_writesMallocedAnswers() {
        LibvirtLibrary.ensureAvailable();
        try (Arena arena = Arena.ofConfined();
             ConnectAuth auth = new ConnectAuth(new LibvirtCredentials("hpm", "pässwort", "test"))) {
            MemorySegment creds = credentials(arena, ConnectAuth.CRED_AUTHNAME, ConnectAuth.CRED_PASSPHRASE);
            assertThat(auth.fill(creds, 2)).isZero();
            assertThat(answer(creds, 0)).isEqualTo("hpm");
            assertThat(answer(creds, 1)).isEqualTo("pässwort");
            assertThat(creds.get(JAVA_INT, ConnectAuth.CREDENTIAL_SIZE + ConnectAuth.RESULT_LENGTH))
                    .as("resultlen counts UTF-8 bytes").isEqualTo(9);
            assertThat(auth.unanswered()).isEmpty();
            freeAnswers(creds, 2);
        }
    }

    @Test
    void fill_passphraseNotGiven_failsAndSaysWhatWasAsked() {
        LibvirtLibrary.ensureAvailable();
        try (Arena arena = Arena.ofConfined();
             ConnectAuth auth = new ConnectAuth(new LibvirtCredentials("hpm", null, "test"))) {
            MemorySegment creds = credentials(arena, ConnectAuth.CRED_USERNAME, ConnectAuth.CRED_PASSPHRASE);
            assertThat(auth.fill(creds, 2)).isEqualTo(-1);
            assertThat(answer(creds, 0)).isEqualTo("hpm");
            assertThat(creds.get(ADDRESS, ConnectAuth.CREDENTIAL_SIZE + ConnectAuth.RESULT)).isEqualTo(MemorySegment.NULL);
            assertThat(auth.unanswered()).containsExactly("a password (VIR_CRED_PASSPHRASE)");
            freeAnswers(creds, 2);
        }
    }

    @Test
    void open_localUriWithCredentials_connectsThroughOpenAuth() {
        try (LibvirtDriver d = LibvirtDriver.open(ConnectOptions.of(LibvirtDriverTest.TEST_URI)
                .withCredentials(new LibvirtCredentials("nobody", "unused", "test")), System::nanoTime)) {
            assertThat(d.isAlive()).isTrue();
            assertThat(d.uri()).isEqualTo(LibvirtDriverTest.TEST_URI);
        }
    }

    /**
     * A driver that really asks: libvirt's client-side ESX driver requests a user name and a password
     * through the auth callback before it contacts the host (here a closed port on loopback, so
     * nothing leaves the machine). Without credentials the open fails at once, saying what was asked;
     * with them libvirt takes the answers and goes on to the host, failing only to reach it.
     */
    @Test
    void open_driverThatAsks_callbackAnswersOrNamesWhatIsMissing() {
        String uri = "esx://127.0.0.1:1/?no_verify=1";
        DriverException none = catchDriverException(() -> LibvirtDriver.open(ConnectOptions.of(uri), System::nanoTime));
        org.junit.jupiter.api.Assumptions.assumeFalse(none.getMessage().contains("built without"),
                "this libvirt has no ESX driver: " + none.getMessage());
        assertThat(none.getMessage()).contains("the server asked for a user name (VIR_CRED_AUTHNAME)",
                "HPM has no credentials for this host", LibvirtCredentials.AUTHNAME_ENV);

        DriverException given = catchDriverException(() -> LibvirtDriver.open(ConnectOptions.of(uri)
                .withCredentials(new LibvirtCredentials("hpm", "s3cret", "test")), System::nanoTime));
        assertThat(given.getMessage()).as("past authentication, at the host").contains("Couldn't connect")
                .doesNotContain("asked for", "s3cret");
    }

    @Test
    void refusedCredentials_authFailedWithCredentials_namesUserAndSourceNotPassword() {
        DriverException refused = new DriverException(LibvirtErrors.AUTH_FAILED, "authentication failed: authentication failed");
        LibvirtCredentials given = new LibvirtCredentials("hpm", "s3cret", "credentials file kvm1.cred");
        assertThat(NativeConnection.refusedCredentials(refused, given).getMessage())
                .contains("the server refused the user name hpm and its password from the credentials file kvm1.cred",
                        "saslpasswd2 -a libvirt")
                .doesNotContain("s3cret");
        assertThat(NativeConnection.refusedCredentials(refused, LibvirtCredentials.NONE)).as("nothing was given").isSameAs(refused);
        DriverException unreachable = new DriverException(LibvirtErrors.SYSTEM_ERROR, "unable to connect");
        assertThat(NativeConnection.refusedCredentials(unreachable, given)).as("not an authentication failure")
                .isSameAs(unreachable);
    }

    private static DriverException catchDriverException(Runnable open) {
        try {
            open.run();
        } catch (DriverException e) {
            return e;
        }
        throw new AssertionError("the open succeeded");
    }

    private static MemorySegment credentials(Arena arena, int... types) {
        MemorySegment creds = arena.allocate(ConnectAuth.CREDENTIAL_SIZE * types.length, 8);
        for (int i = 0; i < types.length; i++) {
            creds.set(JAVA_INT, i * ConnectAuth.CREDENTIAL_SIZE + ConnectAuth.TYPE, types[i]);
        }
        return creds;
    }

    private static String answer(MemorySegment creds, int i) {
        return LibvirtLibrary.readString(creds.get(ADDRESS, i * ConnectAuth.CREDENTIAL_SIZE + ConnectAuth.RESULT));
    }

    private static void freeAnswers(MemorySegment creds, int n) {
        for (int i = 0; i < n; i++) {
            LibvirtLibrary.free(creds.get(ADDRESS, i * ConnectAuth.CREDENTIAL_SIZE + ConnectAuth.RESULT));
        }
    }
}
