package dev.hpm.server.balance;

import dev.hpm.sasp.GroupWorkloadManager;
import dev.hpm.sasp.SaspCodec;
import dev.hpm.sasp.SaspMessage;
import dev.hpm.server.TestKeyStore;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sasp.tls: true} on {@code hpm serve}: the SASP port speaks TLS with the REST API's
 * certificate ({@code server.tls}); a load balancer goes through Set LB State and Get Weights over
 * it, and a plain SASP client on that port gets no SASP answer.
 */
class SaspTlsServerTest {
    static final String PASSWORD = "keystore-password-2";

    @Test
    void saspTls_tlsClientServed_plainClientRefused(@TempDir Path dir) throws Exception {
        Path keystore = TestKeyStore.create(dir, PASSWORD);
        try (TestServer hpm = new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> new ServerConfig(c.host(), c.port(), new ServerConfig.Tls(keystore, PASSWORD), c.dataDirectory(),
                        c.store(), c.interval(), c.defaultLevel(), c.hosts(), c.demo(), c.demoScenario(), c.adminPassword(),
                        c.loginThrottle(), null, new ServerConfig.Balancing("127.0.0.1", 0, "127.0.0.1", -1).withSaspTls(true)))) {
            int port = hpm.server.loadBalancers().saspPort();
            try (SSLSocket s = TestKeyStore.connect(keystore, PASSWORD, port)) {
                s.setSoTimeout(5_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                s.getOutputStream().write(SaspCodec.encode(new SaspMessage(1, 1, new SaspMessage.SetLbStateRequest("lb-tls", 0x7f, 0))));
                assertThat(((SaspMessage.Reply) LoadBalancingApiTest.read(in).body()).code()).as("Set LB State").isZero();
                s.getOutputStream().write(SaspCodec.encode(new SaspMessage(1, 2, new SaspMessage.GetWeightsRequest(
                        List.of(new SaspMessage.GroupData("lb-tls", "no-such-group"))))));
                SaspMessage reply = LoadBalancingApiTest.read(in);
                assertThat(reply.body()).isInstanceOf(SaspMessage.GetWeightsReply.class);
                assertThat(((SaspMessage.Reply) reply.body()).code()).as("unknown group, answered over TLS").isEqualTo(0x42);
            }
            assertThat(hpm.server.loadBalancers().sasp().loadBalancers()).extracting(GroupWorkloadManager.LbView::uid)
                    .containsExactly("lb-tls");
            byte[] answer;
            try (Socket plain = new Socket("127.0.0.1", port)) {
                plain.setSoTimeout(5_000);
                plain.getOutputStream().write(SaspCodec.encode(new SaspMessage(1, 1, new SaspMessage.SetLbStateRequest("lb-plain", 0x7f, 0))));
                answer = plain.getInputStream().readAllBytes();
            }
            assertThat(answer.length).as("no SASP header, at most a TLS alert").isLessThan(13);
            assertThat(hpm.server.loadBalancers().sasp().loadBalancers()).extracting(GroupWorkloadManager.LbView::uid)
                    .doesNotContain("lb-plain");
        }
    }
}
