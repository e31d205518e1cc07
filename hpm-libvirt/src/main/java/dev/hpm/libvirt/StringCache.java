package dev.hpm.libvirt;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Turns NUL-terminated C strings that recur every interval (typed-parameter field names, domain
 * UUIDs and names) into Java {@link String}s without allocating: the bytes are hashed in place
 * and looked up in an open-addressing table keyed by their content; only a string not seen before is
 * copied. The returned strings are shared, so their {@code hashCode} is computed once and the
 * {@code switch} in {@code DomainStatsDecoder} stays cheap.
 *
 * <p>Bounded: when the table is half full it is emptied and refilled, so a host whose domains come
 * and go cannot make it grow without limit. Not thread-safe; one per driver.
 */
final class StringCache {
    private final byte[][] keys;
    private final String[] values;
    private final int[] hashes;
    private final int limit;
    private int size;

    /** A cache holding up to {@code capacity / 2} strings; {@code capacity} is rounded up to a power of two. */
    StringCache(int capacity) {
        int slots = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        keys = new byte[slots][];
        values = new String[slots];
        hashes = new int[slots];
        limit = slots / 2;
    }

    /**
     * The string that starts at {@code offset} in {@code segment} and ends before the first NUL, or
     * after {@code maxLength} bytes if there is none.
     */
    String get(MemorySegment segment, long offset, int maxLength) {
        int length = 0;
        int hash = 0;
        while (length < maxLength) {
            byte b = segment.get(JAVA_BYTE, offset + length);
            if (b == 0) {
                break;
            }
            hash = 31 * hash + b;
            length++;
        }
        int mask = keys.length - 1;
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (true) {
            byte[] key = keys[slot];
            if (key == null) {
                return insert(slot, segment, offset, length, hash);
            }
            if (hashes[slot] == hash && key.length == length && same(key, segment, offset)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Number of strings held. */
    int size() {
        return size;
    }

    private static boolean same(byte[] key, MemorySegment segment, long offset) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != segment.get(JAVA_BYTE, offset + i)) {
                return false;
            }
        }
        return true;
    }

    private String insert(int slot, MemorySegment segment, long offset, int length, int hash) {
        byte[] key = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, offset, key, 0, length);
        String value = new String(key, StandardCharsets.UTF_8);
        if (size >= limit) {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            size = 0;
            slot = (hash ^ (hash >>> 16)) & (keys.length - 1);
        }
        keys[slot] = key;
        values[slot] = value;
        hashes[slot] = hash;
        size++;
        return value;
    }
}
