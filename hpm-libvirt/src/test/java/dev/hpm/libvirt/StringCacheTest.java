package dev.hpm.libvirt;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

class StringCacheTest {
    @Test
    void get_sameBytes_returnsSameInstance() {
        try (Arena arena = Arena.ofConfined()) {
            StringCache cache = new StringCache(64);
            String first = cache.get(arena.allocateFrom("vcpu.0.time"), 0, 80);
            String second = cache.get(arena.allocateFrom("vcpu.0.time"), 0, 80);
            assertThat(second).isEqualTo("vcpu.0.time").isSameAs(first);
            assertThat(cache.get(arena.allocateFrom("vcpu.0.delay"), 0, 80)).isEqualTo("vcpu.0.delay");
        }
    }

    @Test
    void get_noNulWithinLimit_stopsAtLimit() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocateFrom("abcdef");
            assertThat(new StringCache(16).get(bytes, 1, 3)).isEqualTo("bcd");
        }
    }

    @Test
    void get_manyDistinct_staysBoundedAndCorrect() {
        StringCache cache = new StringCache(32);
        try (Arena arena = Arena.ofConfined()) {
            for (int i = 0; i < 1000; i++) {
                String s = "block." + i + ".rd.bytes";
                assertThat(cache.get(arena.allocateFrom(s), 0, 80)).isEqualTo(s);
                assertThat(cache.size()).isLessThanOrEqualTo(32);
            }
        }
    }

    @Test
    void get_utf8Name_isDecoded() {
        try (Arena arena = Arena.ofConfined()) {
            assertThat(new StringCache(16).get(arena.allocateFrom("gäst-1"), 0, 80)).isEqualTo("gäst-1");
        }
    }
}
