package dev.hpm.cim.http;

import dev.hpm.cim.Caller;
import dev.hpm.cim.Operations;
import dev.hpm.cim.model.CimSource;
import dev.hpm.cim.xml.CimRequest;
import dev.hpm.cim.xml.MalformedRequest;
import dev.hpm.cim.xml.RequestReader;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CIM operations over HTTP (DSP0200) on a port of their own: {@code POST /cimom} (or {@code M-POST}),
 * HTTP Basic through {@link CimAccess}, plain HTTP or TLS with the REST API's PKCS#12 key store.
 * Bounded like the REST API: {@link #IDLE_TIMEOUT} without a byte, request headers of at most
 * {@link #MAX_HEADER_BYTES}, bodies of at most {@link #MAX_BODY_BYTES}, at most {@link #THREADS} requests at once.
 * A request that is not CIM-XML gets 400 with DSP0200's {@code CIMError} header; CIM errors travel in a 200 answer.
 */
public final class CimServer implements AutoCloseable {
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_HEADER_BYTES = 8 << 10;
    public static final int MAX_BODY_BYTES = 1 << 20;
    public static final int THREADS = 16;
    private static final String PATH = "/cimom";
    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;

    /** Where to listen, and the TLS key store (null: plain HTTP). */
    public record Settings(String host, int port, Path keystore, String keystorePassword) {
        @Override
        public String toString() {
            return "CimServer.Settings[" + host + ":" + port + (keystore == null ? "" : " TLS") + "]";
        }
    }

    private CimServer(Server server, ServerConnector connector, boolean tls) {
        this.server = server;
        this.connector = connector;
        this.tls = tls;
    }

    /** Starts listening; fails if the port cannot be bound. */
    public static CimServer start(Settings settings, CimAccess access, CimSource source) {
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
        threads.setName("hpm-cim");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector;
        if (settings.keystore() != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(settings.keystore().toAbsolutePath().toString());
            ssl.setKeyStorePassword(settings.keystorePassword());
            ssl.setKeyStoreType("PKCS12");
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.setHandler(new CimHandler(access, new Operations(source)));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // not started
            }
            throw new IllegalStateException("cannot listen for CIM on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage() + "; set cim.port to a free port (or 0 for any)", e);
        }
        return new CimServer(server, connector, settings.keystore() != null);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:5988} (or https). */
    public String url() {
        String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
        host = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "https" : "http") + "://" + host + ":" + port();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the CIM server: " + e.getMessage(), e);
        }
    }

    /** One request: method and path, credentials, size, parse, answer. */
    private static final class CimHandler extends Handler.Abstract {
        private final CimAccess access;
        private final Operations operations;

        CimHandler(CimAccess access, Operations operations) {
            this.access = access;
            this.operations = operations;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (!path.equals(PATH)) {
                return plain(response, callback, 404, "CIM operations are served at " + PATH + "\n");
            }
            String method = request.getMethod();
            if (!method.equals("POST") && !method.equals("M-POST")) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST, M-POST");
                return plain(response, callback, 405, "send CIM operations with POST\n");
            }
            CimAccess.Outcome outcome = access.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                    Request.getRemoteAddr(request));
            Caller caller;
            switch (outcome) {
                case CimAccess.Outcome.Allowed a -> caller = new Caller(a.user(), a.mayChange());
                case CimAccess.Outcome.Throttled t -> {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, t.retryAfterSeconds())));
                    return plain(response, callback, 429, "too many failed logins; try again later\n");
                }
                case CimAccess.Outcome.Denied d -> {
                    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"HPM CIM\"");
                    return plain(response, callback, 401, "log in with the user name and password of an HPM user\n");
                }
            }
            String operation = header(request, "CIMOperation");
            if (operation != null && !operation.equalsIgnoreCase("MethodCall")) {
                return cimError(response, callback, MalformedRequest.UNSUPPORTED_OPERATION,
                        "HPM accepts CIMOperation: MethodCall only, not " + operation);
            }
            long length = request.getLength();
            if (length > MAX_BODY_BYTES) {
                return tooLarge(response, callback);
            }
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (body.length > MAX_BODY_BYTES) {
                return tooLarge(response, callback);
            }
            CimRequest cim;
            try {
                cim = RequestReader.read(body);
            } catch (MalformedRequest e) {
                return cimError(response, callback, e.header(), e.getMessage());
            }
            String named = header(request, "CIMMethod");
            if (named != null && !named.equalsIgnoreCase(cim.method())) {
                return cimError(response, callback, MalformedRequest.HEADER_MISMATCH,
                        "the CIMMethod header says " + named + " but the request calls " + cim.method());
            }
            // Paths name the host and port the client addressed, so a client can use them as they are.
            ByteBuffer answer = operations.answer(cim, caller, Request.getServerName(request) + ":" + Request.getServerPort(request));
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml; charset=\"utf-8\"");
            response.getHeaders().put("CIMOperation", "MethodResponse");
            // with its length: sblim-wbemcli reads a chunked answer only when told to (-cte)
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.remaining());
            response.write(true, answer, callback);
            return true;
        }

        private static String header(Request request, String name) {
            String v = request.getHeaders().get(name);
            return v == null ? null : v.strip();
        }

        /** The rest of the body is not read, so the connection cannot carry another request: say so. */
        private static boolean tooLarge(Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return plain(response, callback, 413, "a CIM request may have at most " + MAX_BODY_BYTES + " bytes\n");
        }

        private static boolean cimError(Response response, Callback callback, String header, String message) {
            response.getHeaders().put("CIMError", header);
            return plain(response, callback, 400, message + "\n");
        }

        private static boolean plain(Response response, Callback callback, int status, String text) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            Content.Sink.write(response, true, text, callback);
            return true;
        }
    }
}
