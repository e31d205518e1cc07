package dev.hpm.sasp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * SASP messages written byte by byte from RFC 4678's layouts, independently of {@link SaspCodec},
 * for the tests: big-endian integers, a component's Length covering its own fields only, nested
 * components after it, IPv4 addresses as {@code ::a.b.c.d}.
 */
final class RfcBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RfcBytes u8(int v) {
        out.write(v);
        return this;
    }

    RfcBytes u16(int v) {
        return u8(v >> 8 & 0xFF).u8(v & 0xFF);
    }

    RfcBytes u32(long v) {
        return u16((int) (v >> 16 & 0xFFFF)).u16((int) (v & 0xFFFF));
    }

    RfcBytes text(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    RfcBytes add(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A whole message: header (0x2010, 13, version, message length, id) and the body. */
    static byte[] message(int version, int id, byte[] body) {
        return new RfcBytes().u16(0x2010).u16(13).u8(version).u32(13 + body.length).u32(id).add(body).bytes();
    }

    static byte[] message(int id, byte[] body) {
        return message(1, id, body);
    }

    static byte[] groupData(String uid, String group) {
        return new RfcBytes().u16(0x3011).u16(6 + uid.length() + group.length()).u8(uid.length()).text(uid)
                .u8(group.length()).text(group).bytes();
    }

    /** Member Data for IPv4 a.b.c.d: protocol 6 (TCP), port, twelve zero bytes and the four address bytes, label. */
    static byte[] member(int a, int b, int c, int d, int port, String label) {
        return new RfcBytes().u16(0x3010).u16(24 + label.length()).u8(6).u16(port).add(new byte[12])
                .u8(a).u8(b).u8(c).u8(d).u8(label.length()).text(label).bytes();
    }

    static byte[] groupOfMembers(String uid, String group, byte[]... members) {
        RfcBytes r = new RfcBytes().u16(0x4010).u16(6).u16(members.length).add(groupData(uid, group));
        for (byte[] m : members) {
            r.add(m);
        }
        return r.bytes();
    }

    static byte[] setLbState(String uid, int health, int flags) {
        return new RfcBytes().u16(0x1050).u16(7 + uid.length()).u8(uid.length()).text(uid).u8(health).u8(flags).bytes();
    }

    static byte[] registration(boolean fromLb, byte[]... groups) {
        RfcBytes r = new RfcBytes().u16(0x1010).u16(7).u8(fromLb ? 1 : 0).u16(groups.length);
        for (byte[] g : groups) {
            r.add(g);
        }
        return r.bytes();
    }

    static byte[] deregistration(boolean fromLb, int reason, byte[]... groups) {
        RfcBytes r = new RfcBytes().u16(0x1020).u16(8).u8(fromLb ? 1 : 0).u8(reason).u16(groups.length);
        for (byte[] g : groups) {
            r.add(g);
        }
        return r.bytes();
    }

    static byte[] getWeights(byte[]... groupData) {
        RfcBytes r = new RfcBytes().u16(0x1030).u16(6).u16(groupData.length);
        for (byte[] g : groupData) {
            r.add(g);
        }
        return r.bytes();
    }

    /** Set Member State for one group: each member followed by its Member State Instance (0x3013, 6, state, flags). */
    static byte[] setMemberState(boolean fromLb, String uid, String group, int state, int flags, byte[]... members) {
        RfcBytes g = new RfcBytes().u16(0x4012).u16(6).u16(members.length).add(groupData(uid, group));
        for (byte[] m : members) {
            g.add(m).u16(0x3013).u16(6).u8(state).u8(flags);
        }
        return new RfcBytes().u16(0x1060).u16(7).u8(fromLb ? 1 : 0).u16(1).add(g.bytes()).bytes();
    }

    // ---- reading replies --------------------------------------------------------------------

    static int messageType(byte[] m) {
        return ByteBuffer.wrap(m).getShort(13) & 0xFFFF;
    }

    static int messageId(byte[] m) {
        return ByteBuffer.wrap(m).getInt(9);
    }

    /** The return code of a reply (after the type and length of its message component). */
    static int code(byte[] m) {
        return m[17] & 0xFF;
    }
}
