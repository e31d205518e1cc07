package dev.hpm.server.cim;

import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code server.tls} set, the CIM port speaks HTTPS with the REST API's certificate; wbemcli reads over it. */
@Tag("wbem")
class WbemcliTlsTest {
    private static final String STORE_PASSWORD = "keystore-password-1";

    @Test
    void ei_overHttps_withTheApisCertificate(@TempDir Path dir) throws Exception {
        Path keystore = dev.hpm.server.TestKeyStore.create(dir, STORE_PASSWORD);
        try (TestServer server = new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> new ServerConfig(c.host(), c.port(), new ServerConfig.Tls(keystore, STORE_PASSWORD), c.dataDirectory(),
                        c.store(), c.interval(), c.defaultLevel(), c.hosts(), c.demo(), c.demoScenario(), c.adminPassword(),
                        c.loginThrottle(), new ServerConfig.Cim("127.0.0.1", 0), c.balancing()))) {
            server.awaitIntervals(1);
            String base = "admin:" + TestServer.ADMIN_PASSWORD + "@127.0.0.1:" + server.server.cimPort() + "/root/virt:KVM_HostSystem";
            Wbemcli.Result https = Wbemcli.run("-noverify", "ein", "https://" + base);
            assertThat(https.exit()).as(https.all()).isZero();
            assertThat(https.lines()).hasSize(3);
            Wbemcli.Result plain = Wbemcli.run("ein", "http://" + base);
            assertThat(plain.exit()).as("plain HTTP on the TLS port").isEqualTo(16);
            Wbemcli.Result unverified = Wbemcli.run("ein", "https://" + base);
            assertThat(unverified.exit()).as("a self-signed certificate without -noverify").isEqualTo(16);
        }
    }
}
