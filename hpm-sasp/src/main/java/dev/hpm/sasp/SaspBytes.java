package dev.hpm.sasp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The big-endian writer and the bounds-checking reader of {@link SaspCodec}. */
final class SaspBytes {
    private SaspBytes() {
    }

    /** Big-endian writer. */
    static final class Writer {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Writer u8(int v) {
            out.write(v & 0xFF);
            return this;
        }

        Writer u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        Writer u32(int v) {
            return u16(v >>> 16).u16(v);
        }

        Writer raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Big-endian reader that refuses to read past the end. */
    static final class Reader {
        private final ByteBuffer b;

        Reader(byte[] bytes) {
            b = ByteBuffer.wrap(bytes);
        }

        private void need(int n) {
            if (b.remaining() < n) {
                throw new SaspFormatException("the message ends " + (n - b.remaining()) + " bytes early at byte "
                        + b.position(), -1, 0);
            }
        }

        void skip(int n) {
            need(n);
            b.position(b.position() + n);
        }

        int u8() {
            need(1);
            return b.get() & 0xFF;
        }

        int u16() {
            need(2);
            return b.getShort() & 0xFFFF;
        }

        int peekU16() {
            return b.remaining() >= 2 ? b.getShort(b.position()) & 0xFFFF : -1;
        }

        int u32() {
            need(4);
            return b.getInt();
        }

        byte[] raw(int n) {
            need(n);
            byte[] out = new byte[n];
            b.get(out);
            return out;
        }

        String string(int n) {
            return new String(raw(n), StandardCharsets.ISO_8859_1);
        }

        boolean flag() {
            int v = u8();
            if (v > 1) {
                throw new SaspFormatException("an LB flag byte is 0 or 1, not " + v, -1, 0);
            }
            return v == 1;
        }

        int count(int max) {
            int n = u16();
            if (n > max) {
                throw new SaspFormatException("count " + n + " is above the limit " + max, -1, 0);
            }
            return n;
        }

        void component(int type, String name, int length) {
            int t = u16();
            if (t != type) {
                throw new SaspFormatException("expected %s (0x%04x), found 0x%04x".formatted(name, type, t), -1, 0);
            }
            expect(name, u16(), length);
        }

        void expect(String name, int length, int expected) {
            if (length != expected) {
                throw new SaspFormatException(name + " says length " + length + ", its fields take " + expected, -1, 0);
            }
        }

        void end() {
            if (b.hasRemaining()) {
                throw new SaspFormatException(b.remaining() + " bytes after the message's last component", -1, 0);
            }
        }
    }
}
