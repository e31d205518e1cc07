package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encoding and decoding {@code virTypedParameter} arrays in Java-owned native memory. */
class TypedParamsTest {
    private static final List<TypedParam> ALL_TYPES = List.of(
            new TypedParam.IntValue("int", -7),
            new TypedParam.UIntValue("uint", -1),
            new TypedParam.LLongValue("global_quota", -1),
            new TypedParam.ULLongValue("cpu_shares", 2048),
            new TypedParam.DoubleValue("dirtyrate", 2.5),
            new TypedParam.BooleanValue("flag", true),
            new TypedParam.StringValue("migrate_uri", "tcp://dest:49152"));

    @Test
    void encodeDecode_everyType_roundTrips() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = TypedParams.encode(arena, ALL_TYPES);
            assertThat(TypedParams.decode(array, ALL_TYPES.size())).isEqualTo(ALL_TYPES);
        }
    }

    @Test
    void encode_layout_isLibvirts() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = TypedParams.encode(arena, List.of(new TypedParam.IntValue("a", 1),
                    new TypedParam.ULLongValue("cpu_shares", 4096)));
            assertThat(array.byteSize()).isEqualTo(2 * 96);
            assertThat(array.getString(96)).isEqualTo("cpu_shares");
            assertThat(array.get(JAVA_INT, 96 + 80)).isEqualTo(TypedParam.ULLONG);
            assertThat(array.get(JAVA_LONG, 96 + 88)).isEqualTo(4096);
        }
    }

    @Test
    void numeric_nativeAndRecord_agree() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = TypedParams.encode(arena, ALL_TYPES);
            for (int i = 0; i < ALL_TYPES.size(); i++) {
                TypedParam p = ALL_TYPES.get(i);
                int type = array.get(JAVA_INT, i * 96L + 80);
                assertThat(TypedParams.isNumeric(type)).isEqualTo(p.numeric().isPresent());
                if (TypedParams.isNumeric(type)) {
                    assertThat(TypedParams.numeric(array, i * 96L, type)).isEqualTo(p.numeric().getAsLong());
                }
            }
        }
    }

    @Test
    void numeric_unsignedAndDouble_areWidenedAndRounded() {
        assertThat(new TypedParam.UIntValue("u", -1).numeric()).hasValue(4_294_967_295L);
        assertThat(new TypedParam.DoubleValue("d", 2.5).numeric()).hasValue(3);
        assertThat(new TypedParam.BooleanValue("b", true).numeric()).hasValue(1);
        assertThat(new TypedParam.StringValue("s", "x").numeric()).isEmpty();
    }

    @Test
    void encode_fieldTooLong_isInvalidArgument() {
        try (Arena arena = Arena.ofConfined()) {
            List<TypedParam> params = List.of(new TypedParam.IntValue("x".repeat(80), 1));
            assertThatThrownBy(() -> TypedParams.encode(arena, params))
                    .isInstanceOfSatisfying(DriverException.class,
                            e -> assertThat(e.code()).isEqualTo(LibvirtErrors.INVALID_ARG))
                    .hasMessageContaining("longer than 79 bytes");
        }
    }

    @Test
    void encode_fieldOf79Bytes_fits() {
        try (Arena arena = Arena.ofConfined()) {
            List<TypedParam> params = List.of(new TypedParam.IntValue("y".repeat(79), 5));
            assertThat(TypedParams.decode(TypedParams.encode(arena, params), 1)).isEqualTo(params);
        }
    }
}
