package dev.hpm.cim.xml;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer the answer is written into directly, so that an answer of many
 * megabytes is held once as bytes (not as a builder, a string and its encoding). ASCII, which
 * nearly all of CIM-XML is, takes one byte per character without encoding work.
 */
final class Utf8Buffer {
    private byte[] bytes;
    private int length;

    Utf8Buffer(int capacity) {
        bytes = new byte[Math.max(256, capacity)];
    }

    Utf8Buffer append(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                encode(s, i);
                return this;
            }
        }
        return this;
    }

    /** The rest of {@code s} from {@code from}, through the JDK's encoder (valid UTF-8 for any string). */
    private void encode(String s, int from) {
        byte[] rest = s.substring(from).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ensure(rest.length);
        System.arraycopy(rest, 0, bytes, length, rest.length);
        length += rest.length;
    }

    Utf8Buffer append(char c) {
        return c < 0x80 ? appendAscii(c) : append(String.valueOf(c));
    }

    Utf8Buffer append(long v) {
        return append(Long.toString(v));
    }

    private Utf8Buffer appendAscii(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    void reserve(int more) {
        if (more > 0) {
            ensure(more);
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(bytes.length * 2L, (long) length + more)));
        }
    }

    int length() {
        return length;
    }

    /** The bytes written, without copying them. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
