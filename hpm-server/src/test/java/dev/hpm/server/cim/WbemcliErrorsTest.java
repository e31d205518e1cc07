package dev.hpm.server.cim;

import dev.hpm.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The errors of the CIM port as wbemcli prints them (and its exit code, 16 for every failure), and
 * as raw HTTP where wbemcli cannot send the request: wrong passwords, DTDs with external entities
 * or entity bombs, malformed XML, oversized bodies, header mismatches, pull operations. After each
 * bad request the server keeps serving.
 */
@Tag("wbem")
class WbemcliErrorsTest {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n";
    private static CimFixture cim;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        cim = new CimFixture();
    }

    @AfterAll
    static void stop() {
        if (cim != null) {
            cim.close();
        }
    }

    private static void assertCimError(Wbemcli.Result r, int code, String name, String message) {
        assertThat(r.exit()).as(r.all()).isEqualTo(16);
        assertThat(r.err()).contains("* wbemcli: Cim: (" + code + ") " + name + ": " + message);
    }

    @Test
    void ei_unknownNamespace_isInvalidNamespace() {
        assertCimError(Wbemcli.run("ei", cim.admin("root/cimv2:KVM_ComputerSystem")), 3, "CIM_ERR_INVALID_NAMESPACE",
                "no namespace \"root/cimv2\": HPM serves root/virt (the model) and root/interop (registered profiles)");
    }

    @Test
    void ei_unknownClass_isInvalidClass() {
        assertCimError(Wbemcli.run("ei", cim.admin("root/virt:Xen_ComputerSystem")), 5, "CIM_ERR_INVALID_CLASS",
                "no class \"Xen_ComputerSystem\" in root/virt");
        assertCimError(Wbemcli.run("gc", cim.admin("root/interop:KVM_ComputerSystem")), 5, "CIM_ERR_INVALID_CLASS",
                "no class \"KVM_ComputerSystem\" in root/interop");
    }

    @Test
    void gi_unknownInstance_isNotFound() {
        assertCimError(Wbemcli.run("gi", cim.admin(CimFixture.system("no-such-vm"))), 6, "CIM_ERR_NOT_FOUND",
                "no instance root/virt:KVM_ComputerSystem.CreationClassName=\"KVM_ComputerSystem\",Name=\"no-such-vm\"");
    }

    @Test
    void ai_unknownAssociationClass_isInvalidParameter() {
        assertCimError(Wbemcli.run("ai", "-ac", "KVM_NoSuchAssociation", cim.admin(CimFixture.system("trade-1"))), 4,
                "CIM_ERR_INVALID_PARAMETER", "AssocClass names no class HPM knows: KVM_NoSuchAssociation");
    }

    @Test
    void gp_unknownProperty_isNoSuchProperty() {
        assertCimError(Wbemcli.run("gp", cim.admin(CimFixture.system("trade-1")), "Colour"), 12,
                "CIM_ERR_NO_SUCH_PROPERTY", "KVM_ComputerSystem has no property Colour");
    }

    @Test
    void diAndCi_changesToInstances_areNotSupported() {
        assertCimError(Wbemcli.run("di", cim.admin(CimFixture.system("trade-1"))), 7, "CIM_ERR_NOT_SUPPORTED",
                "DeleteInstance is not supported by HPM");
        assertCimError(Wbemcli.run("ci", cim.admin(CimFixture.system("new-vm")), "Name=\"new-vm\""), 7,
                "CIM_ERR_NOT_SUPPORTED", "CreateInstance is not supported by HPM");
        // nothing was deleted
        assertThat(Wbemcli.run("gi", cim.admin(CimFixture.system("trade-1")), "Name").exit()).isZero();
    }

    @Test
    void ei_wrongPassword_is401() throws Exception {
        Wbemcli.Result r = Wbemcli.run("ei", cim.as("admin", "not-the-password", "root/virt:KVM_HostSystem"));
        assertThat(r.exit()).isEqualTo(16);
        assertThat(r.err()).contains("* wbemcli: Http Exception: Invalid username/password.");
        Wbemcli.Result anonymous = Wbemcli.run("ei", "http://127.0.0.1:" + cim.port() + "/root/virt:KVM_HostSystem");
        assertThat(anonymous.err()).contains("Username/password required");
        HttpResponse<String> raw = post(enumerate("KVM_HostSystem"), "admin:not-the-password", "EnumerateInstances");
        assertThat(raw.statusCode()).isEqualTo(401);
        assertThat(raw.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"HPM CIM\"");
        assertThat(raw.body()).doesNotContain("KVM_HostSystem");
    }

    @Test
    void post_passwordGuessing_isThrottledForTheRestApiToo() throws Exception {
        var user = cim.server.http.post("/users", cim.server.admin,
                "{\"name\": \"guessed\", \"role\": \"viewer\", \"password\": \"the-right-password-1\"}");
        assertThat(user.status()).as(user.text()).isEqualTo(201);
        for (int i = 0; i < 5; i++) {
            assertThat(post(enumerate("KVM_HostSystem"), "guessed:wrong-" + i, "EnumerateInstances").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = post(enumerate("KVM_HostSystem"), "guessed:the-right-password-1", "EnumerateInstances");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        var rest = cim.server.http.get("/virtual-servers", dev.hpm.server.Http.As.user("guessed", "the-right-password-1"));
        assertThat(rest.status()).as("the REST API shares the throttle").isEqualTo(429);
        assertThat(cim.server.http.get("/audit", cim.server.admin).text()).contains("login-failed", "guessed");
    }

    @Test
    void post_externalEntity_isRefusedWithoutReadingTheFile() throws Exception {
        Path secret = Files.createTempFile("hpm-cim-xxe-", ".txt");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(secret, "TOP-SECRET-CONTENT");
            String fileEntity = HEAD + "<!DOCTYPE CIM [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                    + "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"&x;\" PROTOCOLVERSION=\"1.0\"></MESSAGE></CIM>";
            HttpResponse<String> r = post(fileEntity, admin(), "EnumerateInstances");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("CIMError")).hasValue("request-not-valid");
            assertThat(r.body()).contains("DTDs (DOCTYPE) are not accepted").doesNotContain("TOP-SECRET");
            String httpEntity = HEAD + "<!DOCTYPE CIM [<!ENTITY % x SYSTEM \"http://127.0.0.1:" + listener.getLocalPort()
                    + "/x.dtd\"> %x;]><CIM></CIM>";
            assertThat(post(httpEntity, admin(), "EnumerateInstances").statusCode()).isEqualTo(400);
            listener.setSoTimeout(500);
            assertThatThrownBy(listener::accept).as("the server fetched the external DTD")
                    .isInstanceOf(SocketTimeoutException.class);
        } finally {
            Files.deleteIfExists(secret);
        }
        assertStillServing();
    }

    @Test
    void post_billionLaughs_isRefusedWithoutGrowingMemory() throws Exception {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE CIM [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = HEAD + dtd + "]><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"&lol9;\" PROTOCOLVERSION=\"1.0\">"
                + "</MESSAGE></CIM>";
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = post(bomb, admin(), "EnumerateInstances");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("CIMError")).hasValue("request-not-valid");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.gc();
        long grown = memory.getHeapMemoryUsage().getUsed() - before;
        // expanded, one bomb is 10^9 "lol"s: 3 GB of text
        assertThat(millis).as("20 bombs refused in %d ms", millis).isLessThan(5_000);
        assertThat(grown).as("heap grew by %d bytes", grown).isLessThan(64L << 20);
        assertStillServing();
    }

    @Test
    void post_malformedXml_is400NotWellFormed() throws Exception {
        HttpResponse<String> r = post(HEAD + "<CIM><MESSAGE ID=\"1\"><SIMPLEREQ>", admin(), "EnumerateInstances");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("CIMError")).hasValue("request-not-well-formed");
        HttpResponse<String> deep = post(HEAD + "<CIM>" + "<a>".repeat(200) + "</a>".repeat(200) + "</CIM>", admin(),
                "EnumerateInstances");
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(deep.body()).contains("nested deeper than 32");
        assertStillServing();
    }

    /**
     * A declared length over the limit is refused from the headers, before any of the body is sent;
     * a chunked body is read to the limit and then refused. Sent on a raw socket: the server closes
     * the connection after a 413 (it will not read the rest), and an HTTP client still writing the
     * body may see that reset before it reads the answer, which is a property of the client.
     */
    @Test
    void post_oversizedBody_is413() throws Exception {
        String declared = rawPost("Content-Length: " + (2 << 20) + "\r\n", new byte[0]);
        assertThat(declared).startsWith("HTTP/1.1 413").contains("at most 1048576 bytes");
        byte[] chunk = "<VALUE>x</VALUE>".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) { // 20 chunks of 64 KiB: 1.25 MiB
            chunked.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.writeBytes(chunk);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(rawPost("Transfer-Encoding: chunked\r\n", chunked.toByteArray())).startsWith("HTTP/1.1 413");
        assertStillServing();
    }

    /** Writes the request's head, then the body (ignoring a reset once the server has answered), and reads the answer. */
    private static String rawPost(String framing, byte[] body) throws IOException {
        String auth = Base64.getEncoder().encodeToString(admin().getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), cim.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /cimom HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml; charset=\"utf-8\"\r\n"
                    + "CIMOperation: MethodCall\r\nCIMMethod: EnumerateInstances\r\nCIMObject: root%2Fvirt\r\n"
                    + "Authorization: Basic " + auth + "\r\n" + framing + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedMidway) {
                // the server answered and closed before taking all of it: the answer is still there to read
            }
            byte[] answer = socket.getInputStream().readNBytes(4096);
            return new String(answer, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void post_headerMismatchAndExport_are400WithTheirCimError() throws Exception {
        HttpResponse<String> mismatch = post(enumerate("KVM_HostSystem"), admin(), "DeleteInstance");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.headers().firstValue("CIMError")).hasValue("header-mismatch");
        HttpRequest export = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cim.port() + "/cimom"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(admin().getBytes(StandardCharsets.UTF_8)))
                .header("CIMOperation", "MethodRequest").header("CIMExport", "MethodRequest")
                .POST(HttpRequest.BodyPublishers.ofString(enumerate("KVM_HostSystem"))).build();
        HttpResponse<String> r = HTTP.send(export, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("CIMError")).hasValue("unsupported-operation");
    }

    @Test
    void post_pullOperation_isNotSupportedInA200Answer() throws Exception {
        String open = enumerate("KVM_ComputerSystem").replace("EnumerateInstances", "OpenEnumerateInstances");
        HttpResponse<String> r = post(open, admin(), "OpenEnumerateInstances");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("CIMOperation")).hasValue("MethodResponse");
        assertThat(r.body()).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\" ?>")
                .contains("<ERROR CODE=\"7\" DESCRIPTION=\"OpenEnumerateInstances is not supported by HPM");
    }

    @Test
    void get_wrongMethodOrPath_is405Or404() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cim.port() + "/cimom"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cim.port() + "/zhpm"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
    }

    private static void assertStillServing() {
        Wbemcli.Result r = Wbemcli.run("ein", cim.admin("root/virt:KVM_HostSystem"));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.lines()).hasSize(3);
    }

    private static String admin() {
        return "admin:" + TestServer.ADMIN_PASSWORD;
    }

    private static String enumerate(String className) {
        return HEAD + "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"9\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>"
                + "<IMETHODCALL NAME=\"EnumerateInstances\"><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/>"
                + "<NAMESPACE NAME=\"virt\"/></LOCALNAMESPACEPATH><IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\""
                + className + "\"/></IPARAMVALUE></IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>";
    }

    private static HttpResponse<String> post(String body, String credentials, String method) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cim.port() + "/cimom"))
                .header("Content-Type", "application/xml; charset=\"utf-8\"").header("CIMOperation", "MethodCall")
                .header("CIMMethod", method).header("CIMObject", "root%2Fvirt")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
