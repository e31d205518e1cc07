package dev.hpm.sasp;

import dev.hpm.sasp.SaspMessage.*;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Byte-exact encoding and decoding of every SASP message type. */
class SaspCodecTest {
    static final MemberData A = new MemberData(6, 80, Ip16.of("192.0.2.10"), "web-1");
    static final MemberData V6 = new MemberData(17, 53, Ip16.of("2001:db8::5"), "");
    static final GroupData G = new GroupData("lb-1", "web");

    /**
     * A Registration Request for member 192.0.2.10:80 (TCP, label "web-1") of group "web" of LB
     * "lb-1", message ID 1, written out byte by byte from the layouts of RFC 4678.
     */
    static final String REGISTRATION = String.join("",
            "2010", "000d", "01", "00000044", "00000001",             // header: type, length 13, version 1, message length 68, ID 1
            "1010", "0007", "01", "0001",                             // Registration Request: length 7, from the LB, 1 group
            "4010", "0006", "0001",                                   // Group of Member Data: length 6, 1 member
            "3011", "000d", "04", "6c622d31", "03", "776562",         // Group Data: length 13, "lb-1", "web"
            "3010", "001d", "06", "0050", "000000000000000000000000c000020a", "05", "7765622d31"); // Member Data: ::192.0.2.10

    @Test
    void registration_handWrittenBytesDecodeAndEncodeExactly() {
        byte[] bytes = HexFormat.of().parseHex(REGISTRATION);
        SaspMessage m = SaspCodec.decode(bytes);
        assertThat(m).isEqualTo(new SaspMessage(1, 1, new RegistrationRequest(true, List.of(new GroupMembers(G, List.of(A))))));
        assertThat(HexFormat.of().formatHex(SaspCodec.encode(m))).isEqualTo(REGISTRATION);
        assertThat(A.address().toString()).isEqualTo("192.0.2.10");
    }

    @Test
    void roundTrip_everyMessageType() {
        List<Body> bodies = List.of(
                new RegistrationRequest(false, List.of(new GroupMembers(G, List.of(A, V6)))),
                new RegistrationReply(0x40),
                new DeregistrationRequest(true, 1, List.of(new GroupMembers(G, List.of()))),
                new DeregistrationReply(0x41),
                new GetWeightsRequest(List.of(G, new GroupData("lb-1", "shop"))),
                new GetWeightsReply(0, 10, List.of(new GroupWeights(G, List.of(new WeightEntry(A, 0, 0x0d, 65_535))))),
                new SendWeights(List.of(new GroupWeights(G, List.of(new WeightEntry(V6, 3, 0x02, 0))))),
                new SetLbStateRequest("lb-1", 0x7f, 0x07),
                new SetLbStateReply(0x51),
                new SetMemberStateRequest(true, List.of(new GroupMemberStates(G, List.of(new MemberState(A, 0, 1))))),
                new SetMemberStateReply(0));
        int id = 0;
        for (Body b : bodies) {
            SaspMessage m = new SaspMessage(1, ++id, b);
            byte[] bytes = SaspCodec.encode(m);
            assertThat(SaspCodec.decode(bytes)).as("0x%04x", b.type()).isEqualTo(m);
            assertThat(SaspCodec.encode(SaspCodec.decode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void ipv4_writtenAsIpv4CompatibleIpv6() {
        assertThat(HexFormat.of().formatHex(Ip16.of("10.1.2.3").bytes())).isEqualTo("0000000000000000000000000a010203");
        assertThat(Ip16.of("::1").isIpv4()).as("::1 stays IPv6").isFalse();
        assertThat(Ip16.of("::1").toString()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void weight_isUnsigned16Bit() {
        byte[] bytes = SaspCodec.encode(new SaspMessage(1, 1, new SendWeights(List.of(new GroupWeights(G,
                List.of(new WeightEntry(A, 0, 0, 65_535)))))));
        SendWeights s = (SendWeights) SaspCodec.decode(bytes).body();
        assertThat(s.groups().getFirst().entries().getFirst().weight()).isEqualTo(65_535);
    }

    @Test
    void decode_truncatedTrailingAndCountsBeyondLimits() {
        byte[] bytes = HexFormat.of().parseHex(REGISTRATION);
        assertThatThrownBy(() -> SaspCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SaspFormatException.class);
        byte[] more = HexFormat.of().parseHex(REGISTRATION.replace("00000044", "00000045") + "00");
        assertThatThrownBy(() -> SaspCodec.decode(more)).hasMessageContaining("after the message's last component");
        byte[] many = HexFormat.of().parseHex(REGISTRATION.replace("1010000701" + "0001", "1010000701" + "ffff"));
        assertThatThrownBy(() -> SaspCodec.decode(many)).hasMessageContaining("above the limit")
                .satisfies(e -> assertThat(((SaspFormatException) e).type()).isEqualTo(0x1010));
    }
}
