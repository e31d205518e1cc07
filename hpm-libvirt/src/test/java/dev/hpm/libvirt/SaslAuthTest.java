package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;
import dev.hpm.libvirt.fixture.SaslLibvirtd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HPM's {@code virConnectOpenAuth} against a real {@code libvirtd} that demands a SASL login on TCP
 * ({@link SaslLibvirtd}: {@code auth_tcp = "sasl"}, DIGEST-MD5, a SASL database with one user):
 * the right user and password from a credentials file, or from the environment, log in and the
 * connection works; a wrong password, or none, is refused with a message that says what failed and
 * what to do, and never shows the password. docs/libvirt-hosts.md.
 */
@Tag("libvirt")
class SaslAuthTest {
    private static final String USER = "hpm";
    private static final String PASSWORD = "Sasl-s3cret";
    private static SaslLibvirtd daemon;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDaemon() {
        daemon = SaslLibvirtd.start(USER, PASSWORD);
        System.out.printf("SaslAuthTest: SASL libvirtd on %s answered after %d ms%n", daemon.tcpUri(), daemon.startMillis());
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon == null) {
            return; // it did not start: startDaemon's exception says why
        }
        long pid = daemon.pid();
        Path directory = daemon.directory();
        daemon.close();
        assertThat(ProcessHandle.of(pid)).as("the SASL libvirtd (pid %d) after close", pid).isEmpty();
        assertThat(directory).as("its directory after close").doesNotExist();
    }

    private Path credentialsFile(String passphrase) throws Exception {
        Path f = dir.resolve("sasl.cred");
        Files.writeString(f, LibvirtCredentials.AUTHNAME_KEY + "=" + USER + "\n"
                + LibvirtCredentials.PASSPHRASE_KEY + "=" + passphrase + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @Test
    void open_saslTcpWithCredentialsFile_logsInAndListsDomains() throws Exception {
        ConnectOptions options = ConnectOptions.of(daemon.tcpUri())
                .withCredentials(LibvirtCredentials.fromFile(credentialsFile(PASSWORD)));
        long t0 = System.nanoTime();
        try (LibvirtDriver d = LibvirtDriver.open(options, System::nanoTime)) {
            long connectMicros = (System.nanoTime() - t0) / 1_000;
            String hostname = d.hostname();
            int domains = d.domains().list().size();
            System.out.printf("SaslAuthTest: SASL login and connect %d us; hostname %s, %d domains%n", connectMicros,
                    hostname, domains);
            assertThat(d.isAlive()).isTrue();
            try (LibvirtDriver local = LibvirtDriver.open(daemon.unixUri(), System::nanoTime)) {
                assertThat(hostname).as("the same daemon as on its UNIX socket").isEqualTo(local.hostname());
                assertThat(d.nodeInfo()).isEqualTo(local.nodeInfo());
            }
            assertThat(domains).as("a fresh daemon defines no domain").isZero();
        }
    }

    @Test
    void open_saslTcpWithEnvironmentCredentials_logsIn() {
        LibvirtCredentials env = LibvirtCredentials.resolve(null, Map.of(LibvirtCredentials.AUTHNAME_ENV, USER,
                LibvirtCredentials.PASSPHRASE_ENV, PASSWORD));
        try (LibvirtDriver d = LibvirtDriver.open(ConnectOptions.of(daemon.tcpUri()).withCredentials(env),
                System::nanoTime)) {
            assertThat(d.domains().list()).isEmpty();
        }
    }

    @Test
    void open_wrongPassword_isRefusedNamingTheCredentialsNotThePassword() throws Exception {
        Path f = credentialsFile("wrong-" + PASSWORD);
        ConnectOptions options = ConnectOptions.of(daemon.tcpUri()).withCredentials(LibvirtCredentials.fromFile(f));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> LibvirtDriver.open(options, System::nanoTime))
                .isInstanceOf(DriverException.class)
                .satisfies(e -> System.out.printf("SaslAuthTest: wrong password refused after %d us: %s%n",
                        (System.nanoTime() - t0) / 1_000, e.getMessage()))
                .hasMessageContaining("authentication failed")
                .hasMessageContaining("refused the user name " + USER)
                .hasMessageContaining("credentials file " + f)
                .message().doesNotContain(PASSWORD);
        assertThat(daemon.logTail()).as("the daemon's side of it").contains("SASL(-13): authentication failure");
    }

    @Test
    void open_noCredentials_saysCredentialsAreNeeded() {
        assertThatThrownBy(() -> LibvirtDriver.open(ConnectOptions.of(daemon.tcpUri()), System::nanoTime))
                .isInstanceOf(DriverException.class)
                .satisfies(e -> System.out.println("SaslAuthTest: without credentials: " + e.getMessage()))
                .hasMessageContaining("the server asked for ")
                .hasMessageContaining("a user name (VIR_CRED_AUTHNAME)")
                .hasMessageContaining("a password (VIR_CRED_PASSPHRASE)")
                .hasMessageContaining("HPM has no credentials for this host")
                .hasMessageContaining(LibvirtCredentials.AUTHNAME_ENV);
    }
}
