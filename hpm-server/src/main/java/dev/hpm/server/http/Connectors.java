package dev.hpm.server.http;

import dev.hpm.server.config.ServerConfig;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.time.Duration;

/**
 * Jetty's listeners: plain HTTP, or TLS with a PKCS#12 key store; limits on what a client may make
 * the server hold: {@link #IDLE_TIMEOUT} without a byte (for headers and bodies alike, so a stalled
 * client cannot keep a thread or a connection), request headers of at most {@link #MAX_HEADER_BYTES}
 * (so a client trickling headers is cut off after at most that many gaps), and Jetty's own error
 * answers as JSON ({@link JettyErrors}). Jetty 12.1 does not enforce
 * {@code HttpConfiguration.setMinRequestDataRate} (nothing reads it), so no body rate is set: a body
 * is bounded by the idle timeout between its bytes and by the request size limit.
 */
public final class Connectors {
    /** How long a connection may send nothing, while sending headers or a body, or idle between requests. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** The largest request line and headers accepted (431 beyond). */
    public static final int MAX_HEADER_BYTES = 8 << 10;

    private Connectors() {
    }

    public static void configure(JavalinConfig c, ServerConfig config) {
        c.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(MAX_HEADER_BYTES);
            http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
        });
        c.jetty.modifyServer(server -> {
            server.setErrorHandler(new JettyErrors());
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (var connector : server.getConnectors()) {
                        if (connector instanceof ServerConnector s) {
                            s.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                        }
                    }
                }
            });
        });
        if (config.tls() != null) {
            c.jetty.addConnector((server, http) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStorePath(config.tls().keystore().toAbsolutePath().toString());
                ssl.setKeyStorePassword(config.tls().password());
                ssl.setKeyStoreType("PKCS12");
                http.addCustomizer(new SecureRequestCustomizer(false));
                ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                return connector;
            });
        }
    }
}
