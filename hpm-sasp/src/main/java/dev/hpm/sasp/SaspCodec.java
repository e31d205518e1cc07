package dev.hpm.sasp;

import dev.hpm.sasp.SaspMessage.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes SASP messages (RFC 4678), byte-exact both ways. Layout rules that are easy
 * to get wrong (docs/workload-balancing.md lists them):
 * <ul>
 * <li>The header is a component of its own: type 0x2010, length 13, version, then the message
 *     length (of the whole message, header included) and the message ID.</li>
 * <li>A component's Length counts only its own fields (type, length, its fixed fields and its own
 *     variable strings); the components nested in it follow, announced by its count.</li>
 * <li>A Weight Entry (0x3012) and a Member State Instance (0x3013) come after the Member Data
 *     component they describe, as Wireshark's dissector reads them.</li>
 * <li>An IPv4 member address is written in the 16-byte field as {@code ::a.b.c.d} ({@link Ip16}).</li>
 * <li>Weights are unsigned 16-bit.</li>
 * </ul>
 * Decoding is bounded: at most {@link #MAX_MESSAGE} bytes, {@link #MAX_GROUPS} groups per message and
 * {@link #MAX_MEMBERS} members per group; every length and count must match the bytes exactly.
 */
public final class SaspCodec {
    public static final int HEADER = 0x2010;
    public static final int HEADER_LENGTH = 13;
    public static final int REGISTRATION_REQUEST = 0x1010;
    public static final int REGISTRATION_REPLY = 0x1015;
    public static final int DEREGISTRATION_REQUEST = 0x1020;
    public static final int DEREGISTRATION_REPLY = 0x1025;
    public static final int GET_WEIGHTS_REQUEST = 0x1030;
    public static final int GET_WEIGHTS_REPLY = 0x1035;
    public static final int SEND_WEIGHTS = 0x1040;
    public static final int SET_LB_STATE_REQUEST = 0x1050;
    public static final int SET_LB_STATE_REPLY = 0x1055;
    public static final int SET_MEMBER_STATE_REQUEST = 0x1060;
    public static final int SET_MEMBER_STATE_REPLY = 0x1065;
    public static final int MEMBER_DATA = 0x3010;
    public static final int GROUP_DATA = 0x3011;
    public static final int WEIGHT_ENTRY = 0x3012;
    public static final int MEMBER_STATE = 0x3013;
    public static final int GROUP_OF_MEMBERS = 0x4010;
    public static final int GROUP_OF_WEIGHTS = 0x4011;
    public static final int GROUP_OF_MEMBER_STATES = 0x4012;
    /** The largest message accepted: 64 KiB. */
    public static final int MAX_MESSAGE = 65_536;
    public static final int MAX_GROUPS = 64;
    public static final int MAX_MEMBERS = 256;

    private SaspCodec() {
    }

    /** True for the types a load balancer (or member) sends to the GWM. */
    public static boolean isRequest(int type) {
        return type == REGISTRATION_REQUEST || type == DEREGISTRATION_REQUEST || type == GET_WEIGHTS_REQUEST
                || type == SET_LB_STATE_REQUEST || type == SET_MEMBER_STATE_REQUEST;
    }

    /** The reply to a request of {@code type} with return code {@code code}. */
    public static Reply reply(int type, int code) {
        return switch (type) {
            case REGISTRATION_REQUEST -> new RegistrationReply(code);
            case DEREGISTRATION_REQUEST -> new DeregistrationReply(code);
            case GET_WEIGHTS_REQUEST -> new GetWeightsReply(code, 0, List.of());
            case SET_LB_STATE_REQUEST -> new SetLbStateReply(code);
            case SET_MEMBER_STATE_REQUEST -> new SetMemberStateReply(code);
            default -> throw new IllegalArgumentException("0x%04x is no request".formatted(type));
        };
    }

    // ---- encoding ---------------------------------------------------------------------------

    public static byte[] encode(SaspMessage m) {
        SaspBytes.Writer w = new SaspBytes.Writer();
        w.u16(HEADER).u16(HEADER_LENGTH).u8(m.version()).u32(0).u32(m.messageId());
        body(w, m.body());
        byte[] out = w.bytes();
        ByteBuffer.wrap(out).putInt(5, out.length);
        return out;
    }

    private static void body(SaspBytes.Writer w, Body b) {
        switch (b) {
            case RegistrationRequest r -> {
                w.u16(r.type()).u16(7).u8(r.fromLb() ? 1 : 0).u16(r.groups().size());
                r.groups().forEach(g -> groupMembers(w, g));
            }
            case DeregistrationRequest r -> {
                w.u16(r.type()).u16(8).u8(r.fromLb() ? 1 : 0).u8(r.reason()).u16(r.groups().size());
                r.groups().forEach(g -> groupMembers(w, g));
            }
            case GetWeightsRequest r -> {
                w.u16(r.type()).u16(6).u16(r.groups().size());
                r.groups().forEach(g -> groupData(w, g));
            }
            case GetWeightsReply r -> {
                w.u16(r.type()).u16(9).u8(r.code()).u16(r.interval()).u16(r.groups().size());
                r.groups().forEach(g -> groupWeights(w, g));
            }
            case SendWeights r -> {
                w.u16(r.type()).u16(6).u16(r.groups().size());
                r.groups().forEach(g -> groupWeights(w, g));
            }
            case SetLbStateRequest r -> {
                byte[] uid = latin1(r.lbUid());
                w.u16(r.type()).u16(7 + uid.length).u8(uid.length).raw(uid).u8(r.health()).u8(r.flags());
            }
            case SetMemberStateRequest r -> {
                w.u16(r.type()).u16(7).u8(r.fromLb() ? 1 : 0).u16(r.groups().size());
                r.groups().forEach(g -> {
                    w.u16(GROUP_OF_MEMBER_STATES).u16(6).u16(g.members().size());
                    groupData(w, g.group());
                    for (MemberState s : g.members()) {
                        memberData(w, s.member());
                        w.u16(MEMBER_STATE).u16(6).u8(s.state()).u8(s.flags());
                    }
                });
            }
            case RegistrationReply r -> w.u16(r.type()).u16(5).u8(r.code());
            case DeregistrationReply r -> w.u16(r.type()).u16(5).u8(r.code());
            case SetLbStateReply r -> w.u16(r.type()).u16(5).u8(r.code());
            case SetMemberStateReply r -> w.u16(r.type()).u16(5).u8(r.code());
        }
    }

    private static void groupMembers(SaspBytes.Writer w, GroupMembers g) {
        w.u16(GROUP_OF_MEMBERS).u16(6).u16(g.members().size());
        groupData(w, g.group());
        g.members().forEach(m -> memberData(w, m));
    }

    private static void groupWeights(SaspBytes.Writer w, GroupWeights g) {
        w.u16(GROUP_OF_WEIGHTS).u16(6).u16(g.entries().size());
        groupData(w, g.group());
        for (WeightEntry e : g.entries()) {
            memberData(w, e.member());
            w.u16(WEIGHT_ENTRY).u16(8).u8(e.state()).u8(e.flags()).u16(e.weight());
        }
    }

    private static void groupData(SaspBytes.Writer w, GroupData g) {
        byte[] uid = latin1(g.lbUid());
        byte[] name = latin1(g.groupName());
        w.u16(GROUP_DATA).u16(6 + uid.length + name.length).u8(uid.length).raw(uid).u8(name.length).raw(name);
    }

    private static void memberData(SaspBytes.Writer w, MemberData m) {
        byte[] label = latin1(m.label());
        w.u16(MEMBER_DATA).u16(24 + label.length).u8(m.protocol()).u16(m.port()).raw(m.address().bytes())
                .u8(label.length).raw(label);
    }

    private static byte[] latin1(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length > 255) {
            throw new IllegalArgumentException("a SASP string has at most 255 bytes: " + s.length());
        }
        return b;
    }

    // ---- decoding ---------------------------------------------------------------------------

    /**
     * The message length announced by a header, after checking the header's fixed fields.
     *
     * @param header the first {@link #HEADER_LENGTH} bytes
     * @throws SaspFormatException (type -1) if the header is no SASP header or the length is out of bounds
     */
    public static int messageLength(byte[] header) {
        ByteBuffer b = ByteBuffer.wrap(header);
        if (header.length < HEADER_LENGTH || (b.getShort(0) & 0xFFFF) != HEADER || (b.getShort(2) & 0xFFFF) != HEADER_LENGTH) {
            throw new SaspFormatException("no SASP header (type 0x2010, length 13)", -1, 0);
        }
        long length = b.getInt(5) & 0xFFFF_FFFFL;
        if (length < HEADER_LENGTH + 5 || length > MAX_MESSAGE) {
            throw new SaspFormatException("message length " + length + " is outside 18 … " + MAX_MESSAGE, -1, 0);
        }
        return (int) length;
    }

    /** Decodes one whole message. */
    public static SaspMessage decode(byte[] message) {
        int length = messageLength(message);
        if (length != message.length) {
            throw new SaspFormatException("the header says " + length + " bytes, the message has " + message.length, -1, 0);
        }
        SaspBytes.Reader r = new SaspBytes.Reader(message);
        r.skip(4);
        int version = r.u8();
        r.skip(4);
        int id = r.u32();
        int type = r.peekU16();
        try {
            Body body = body(r);
            r.end();
            return new SaspMessage(version, id, body);
        } catch (SaspFormatException e) {
            throw new SaspFormatException(e.getMessage(), isRequest(type) ? type : -1, id);
        }
    }

    private static Body body(SaspBytes.Reader r) {
        int type = r.u16();
        int length = r.u16();
        return switch (type) {
            case REGISTRATION_REQUEST -> {
                r.expect("Registration Request", length, 7);
                boolean lb = r.flag();
                yield new RegistrationRequest(lb, groupsOfMembers(r, r.count(MAX_GROUPS)));
            }
            case DEREGISTRATION_REQUEST -> {
                r.expect("Deregistration Request", length, 8);
                boolean lb = r.flag();
                int reason = r.u8();
                yield new DeregistrationRequest(lb, reason, groupsOfMembers(r, r.count(MAX_GROUPS)));
            }
            case GET_WEIGHTS_REQUEST -> {
                r.expect("Get Weights Request", length, 6);
                int n = r.count(MAX_GROUPS);
                List<GroupData> groups = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    groups.add(groupData(r));
                }
                yield new GetWeightsRequest(groups);
            }
            case GET_WEIGHTS_REPLY -> {
                r.expect("Get Weights Reply", length, 9);
                int code = r.u8();
                int interval = r.u16();
                yield new GetWeightsReply(code, interval, groupsOfWeights(r, r.count(MAX_GROUPS)));
            }
            case SEND_WEIGHTS -> {
                r.expect("Send Weights", length, 6);
                yield new SendWeights(groupsOfWeights(r, r.count(MAX_GROUPS)));
            }
            case SET_LB_STATE_REQUEST -> {
                int uidLength = r.u8();
                r.expect("Set LB State Request", length, 7 + uidLength);
                String uid = r.string(uidLength);
                yield new SetLbStateRequest(uid, r.u8(), r.u8());
            }
            case SET_MEMBER_STATE_REQUEST -> {
                r.expect("Set Member State Request", length, 7);
                boolean lb = r.flag();
                int n = r.count(MAX_GROUPS);
                List<GroupMemberStates> groups = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    r.component(GROUP_OF_MEMBER_STATES, "Group of Member State Data", 6);
                    int members = r.count(MAX_MEMBERS);
                    GroupData g = groupData(r);
                    List<MemberState> states = new ArrayList<>();
                    for (int j = 0; j < members; j++) {
                        MemberData m = memberData(r);
                        r.component(MEMBER_STATE, "Member State Instance", 6);
                        states.add(new MemberState(m, r.u8(), r.u8()));
                    }
                    groups.add(new GroupMemberStates(g, states));
                }
                yield new SetMemberStateRequest(lb, groups);
            }
            case REGISTRATION_REPLY, DEREGISTRATION_REPLY, SET_LB_STATE_REPLY, SET_MEMBER_STATE_REPLY -> {
                r.expect("reply", length, 5);
                int code = r.u8();
                yield switch (type) {
                    case REGISTRATION_REPLY -> new RegistrationReply(code);
                    case DEREGISTRATION_REPLY -> new DeregistrationReply(code);
                    case SET_LB_STATE_REPLY -> new SetLbStateReply(code);
                    default -> new SetMemberStateReply(code);
                };
            }
            default -> throw new SaspFormatException("unknown message type 0x%04x".formatted(type), -1, 0);
        };
    }

    private static List<GroupMembers> groupsOfMembers(SaspBytes.Reader r, int n) {
        List<GroupMembers> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.component(GROUP_OF_MEMBERS, "Group of Member Data", 6);
            int members = r.count(MAX_MEMBERS);
            GroupData g = groupData(r);
            List<MemberData> list = new ArrayList<>();
            for (int j = 0; j < members; j++) {
                list.add(memberData(r));
            }
            groups.add(new GroupMembers(g, list));
        }
        return groups;
    }

    private static List<GroupWeights> groupsOfWeights(SaspBytes.Reader r, int n) {
        List<GroupWeights> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.component(GROUP_OF_WEIGHTS, "Group of Weight Entry Data", 6);
            int members = r.count(MAX_MEMBERS);
            GroupData g = groupData(r);
            List<WeightEntry> entries = new ArrayList<>();
            for (int j = 0; j < members; j++) {
                MemberData m = memberData(r);
                r.component(WEIGHT_ENTRY, "Weight Entry Data", 8);
                entries.add(new WeightEntry(m, r.u8(), r.u8(), r.u16()));
            }
            groups.add(new GroupWeights(g, entries));
        }
        return groups;
    }

    private static GroupData groupData(SaspBytes.Reader r) {
        if (r.u16() != GROUP_DATA) {
            throw new SaspFormatException("expected a Group Data component (0x3011)", -1, 0);
        }
        int length = r.u16();
        String uid = r.string(r.u8());
        String name = r.string(r.u8());
        r.expect("Group Data", length, 6 + uid.length() + name.length());
        return new GroupData(uid, name);
    }

    private static MemberData memberData(SaspBytes.Reader r) {
        if (r.u16() != MEMBER_DATA) {
            throw new SaspFormatException("expected a Member Data component (0x3010)", -1, 0);
        }
        int length = r.u16();
        int protocol = r.u8();
        int port = r.u16();
        Ip16 ip = Ip16.of(r.raw(16));
        String label = r.string(r.u8());
        r.expect("Member Data", length, 24 + label.length());
        return new MemberData(protocol, port, ip, label);
    }
}
