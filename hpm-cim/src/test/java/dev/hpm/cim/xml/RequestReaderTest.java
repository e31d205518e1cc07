package dev.hpm.cim.xml;

import dev.hpm.cim.ObjectPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestReaderTest {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n";

    static String enumerate(String className) {
        return HEAD + "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"7\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>"
                + "<IMETHODCALL NAME=\"EnumerateInstances\"><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/>"
                + "<NAMESPACE NAME=\"virt\"/></LOCALNAMESPACEPATH><IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\""
                + className + "\"/></IPARAMVALUE><IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>Name</VALUE>"
                + "</VALUE.ARRAY></IPARAMVALUE></IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>";
    }

    private static CimRequest read(String xml) {
        return RequestReader.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void read_intrinsicCall_givesNamespaceAndParameters() {
        CimRequest r = read(enumerate("KVM_ComputerSystem"));
        assertThat(r).isInstanceOf(CimRequest.Intrinsic.class);
        assertThat(r.messageId()).isEqualTo("7");
        assertThat(r.method()).isEqualTo("EnumerateInstances");
        assertThat(r.namespace()).isEqualTo("root/virt");
        assertThat(r.param("classname")).isEqualTo(new CimRequest.ClassName("KVM_ComputerSystem"));
        assertThat(r.param("PropertyList")).isEqualTo(List.of("Name"));
    }

    @Test
    void read_extrinsicCall_givesTargetAndParameters() {
        CimRequest r = read(HEAD + "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\">"
                + "<SIMPLEREQ><METHODCALL NAME=\"RequestStateChange\"><LOCALINSTANCEPATH><LOCALNAMESPACEPATH>"
                + "<NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"virt\"/></LOCALNAMESPACEPATH>"
                + "<INSTANCENAME CLASSNAME=\"KVM_ComputerSystem\"><KEYBINDING NAME=\"Name\"><KEYVALUE VALUETYPE=\"string\">"
                + "web-1</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH><PARAMVALUE NAME=\"RequestedState\">"
                + "<VALUE>9</VALUE></PARAMVALUE></METHODCALL></SIMPLEREQ></MESSAGE></CIM>");
        CimRequest.Extrinsic e = (CimRequest.Extrinsic) r;
        assertThat(e.target().className()).isEqualTo("KVM_ComputerSystem");
        assertThat(e.target().key("name")).isEqualTo("web-1");
        assertThat(e.param("RequestedState")).isEqualTo("9");
        assertThat(e.target().same(new ObjectPath("root/virt", "kvm_computersystem", java.util.Map.of("NAME", "web-1")))).isTrue();
    }

    @Test
    void read_externalEntity_isRefusedWithoutReadingTheFile() throws IOException {
        Path secret = Files.createTempFile("hpm-xxe-", ".txt");
        try {
            Files.writeString(secret, "SECRET-CONTENT");
            String xxe = HEAD + "<!DOCTYPE CIM [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><CIM>&x;</CIM>";
            assertThatThrownBy(() -> read(xxe)).isInstanceOf(MalformedRequest.class)
                    .hasMessageContaining("DTD").hasMessageNotContaining("SECRET")
                    .extracting(e -> ((MalformedRequest) e).header()).isEqualTo(MalformedRequest.NOT_VALID);
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void read_externalDtdOverHttp_isNeverFetched() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/evil.dtd";
            String xml = HEAD + "<!DOCTYPE CIM SYSTEM \"" + url + "\"><CIM><MESSAGE ID=\"1\"/></CIM>";
            assertThatThrownBy(() -> read(xml)).isInstanceOf(MalformedRequest.class).hasMessageContaining("DTD");
            listener.setSoTimeout(300);
            assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void read_billionLaughs_isRefusedAtOnce() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE CIM [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = HEAD + dtd + "]><CIM>&lol9;</CIM>";
        long before = System.nanoTime();
        assertThatThrownBy(() -> read(bomb)).isInstanceOf(MalformedRequest.class).hasMessageContaining("DTD");
        assertThat((System.nanoTime() - before) / 1e6).isLessThan(1000);
    }

    @Test
    void read_undeclaredEntity_isNotWellFormed() {
        assertThatThrownBy(() -> read(HEAD + "<CIM>&lol;</CIM>")).isInstanceOf(MalformedRequest.class)
                .extracting(e -> ((MalformedRequest) e).header()).isEqualTo(MalformedRequest.NOT_WELL_FORMED);
    }

    @Test
    void read_deepNesting_isRefused() {
        String deep = HEAD + "<CIM>" + "<a>".repeat(RequestReader.MAX_DEPTH + 5) + "</a>".repeat(RequestReader.MAX_DEPTH + 5) + "</CIM>";
        assertThatThrownBy(() -> read(deep)).isInstanceOf(MalformedRequest.class).hasMessageContaining("deeper than");
    }

    @Test
    void read_tooManyElements_isRefused() {
        String wide = HEAD + "<CIM>" + "<a/>".repeat(RequestReader.MAX_ELEMENTS + 1) + "</CIM>";
        assertThatThrownBy(() -> read(wide)).isInstanceOf(MalformedRequest.class).hasMessageContaining("elements");
    }

    @Test
    void read_longText_isRefused() {
        String longText = HEAD + "<CIM>" + "x".repeat(RequestReader.MAX_TEXT + 1) + "</CIM>";
        assertThatThrownBy(() -> read(longText)).isInstanceOf(MalformedRequest.class).hasMessageContaining("longer than");
    }

    @Test
    void read_multipleRequests_areRefusedWithTheirOwnHeader() {
        String multi = HEAD + "<CIM><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><MULTIREQ></MULTIREQ></MESSAGE></CIM>";
        assertThatThrownBy(() -> read(multi)).isInstanceOf(MalformedRequest.class)
                .extracting(e -> ((MalformedRequest) e).header()).isEqualTo(MalformedRequest.MULTIPLE);
    }

    @Test
    void read_wrongDocument_isNotValid() {
        assertThatThrownBy(() -> read(HEAD + "<html/>")).isInstanceOf(MalformedRequest.class).hasMessageContaining("not CIM");
        assertThatThrownBy(() -> read("not xml at all")).isInstanceOf(MalformedRequest.class)
                .extracting(e -> ((MalformedRequest) e).header()).isEqualTo(MalformedRequest.NOT_WELL_FORMED);
    }
}
