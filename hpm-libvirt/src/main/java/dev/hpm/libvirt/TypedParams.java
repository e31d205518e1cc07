package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Encodes {@link TypedParam}s into native {@code virTypedParameter} arrays and decodes such arrays.
 *
 * <p>Ownership: {@link #encode} allocates the array and its strings in the caller's arena, so the
 * arena frees them (they must not be passed to {@code virTypedParamsFree}). {@link #decode} only
 * reads; an array libvirt allocated, or filled with strings it allocated, is released by the caller
 * with {@code virTypedParamsFree} or {@code virTypedParamsClear} respectively.
 */
@SuppressWarnings("restricted")
public final class TypedParams {
    private TypedParams() {
    }

    /**
     * Writes {@code params} as a {@code virTypedParameter[]} allocated in {@code arena}.
     *
     * @throws DriverException ({@link LibvirtErrors#INVALID_ARG}) if a field name does not fit in
     *                         {@code VIR_TYPED_PARAM_FIELD_LENGTH} bytes with its NUL
     */
    public static MemorySegment encode(Arena arena, List<? extends TypedParam> params) {
        MemorySegment array = arena.allocate(Layouts.TYPED_PARAMETER, Math.max(1, params.size()));
        for (int i = 0; i < params.size(); i++) {
            write(arena, array, i * Layouts.TP_SIZE, params.get(i));
        }
        return array;
    }

    /** Reads {@code count} parameters from a {@code virTypedParameter[]} at {@code array}. */
    public static List<TypedParam> decode(MemorySegment array, int count) {
        MemorySegment params = array.reinterpret(count * Layouts.TP_SIZE);
        List<TypedParam> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(read(params, i * Layouts.TP_SIZE));
        }
        return result;
    }

    /** True for the types {@link #numeric} reads: every type but {@code STRING}. */
    static boolean isNumeric(int type) {
        return type >= TypedParam.INT && type <= TypedParam.BOOLEAN;
    }

    /**
     * The value of the numeric parameter at {@code base} in {@code params}, as
     * {@link TypedParam#numeric()} defines it, without creating objects: the hot path of statistics
     * decoding.
     */
    static long numeric(MemorySegment params, long base, int type) {
        long at = base + Layouts.TP_VALUE;
        return switch (type) {
            case TypedParam.INT -> params.get(JAVA_INT, at);
            case TypedParam.UINT -> Integer.toUnsignedLong(params.get(JAVA_INT, at));
            case TypedParam.LLONG, TypedParam.ULLONG -> params.get(JAVA_LONG, at);
            case TypedParam.DOUBLE -> Math.round(params.get(JAVA_DOUBLE, at));
            case TypedParam.BOOLEAN -> params.get(JAVA_BYTE, at) != 0 ? 1 : 0;
            default -> throw new IllegalArgumentException("not a numeric typed parameter type: " + type);
        };
    }

    /** The NUL-terminated name of the parameter at {@code base}. */
    static String field(MemorySegment params, long base) {
        return params.getString(base);
    }

    private static TypedParam read(MemorySegment params, long base) {
        String field = field(params, base);
        int type = params.get(JAVA_INT, base + Layouts.TP_TYPE);
        long at = base + Layouts.TP_VALUE;
        return switch (type) {
            case TypedParam.INT -> new TypedParam.IntValue(field, params.get(JAVA_INT, at));
            case TypedParam.UINT -> new TypedParam.UIntValue(field, params.get(JAVA_INT, at));
            case TypedParam.LLONG -> new TypedParam.LLongValue(field, params.get(JAVA_LONG, at));
            case TypedParam.ULLONG -> new TypedParam.ULLongValue(field, params.get(JAVA_LONG, at));
            case TypedParam.DOUBLE -> new TypedParam.DoubleValue(field, params.get(JAVA_DOUBLE, at));
            case TypedParam.BOOLEAN -> new TypedParam.BooleanValue(field, params.get(JAVA_BYTE, at) != 0);
            case TypedParam.STRING -> new TypedParam.StringValue(field,
                    LibvirtLibrary.readString(params.get(ADDRESS, at)));
            default -> throw new DriverException(LibvirtErrors.INTERNAL_ERROR,
                    "unknown typed parameter type " + type + " for field " + field);
        };
    }

    private static void write(Arena arena, MemorySegment array, long base, TypedParam param) {
        byte[] name = param.field().getBytes(StandardCharsets.UTF_8);
        if (name.length >= Layouts.FIELD_LENGTH) {
            throw new DriverException(LibvirtErrors.INVALID_ARG, "typed parameter field name longer than "
                    + (Layouts.FIELD_LENGTH - 1) + " bytes: " + param.field());
        }
        MemorySegment.copy(name, 0, array, JAVA_BYTE, base, name.length);
        array.set(JAVA_INT, base + Layouts.TP_TYPE, param.type());
        long at = base + Layouts.TP_VALUE;
        switch (param) {
            case TypedParam.IntValue p -> array.set(JAVA_INT, at, p.value());
            case TypedParam.UIntValue p -> array.set(JAVA_INT, at, p.value());
            case TypedParam.LLongValue p -> array.set(JAVA_LONG, at, p.value());
            case TypedParam.ULLongValue p -> array.set(JAVA_LONG, at, p.value());
            case TypedParam.DoubleValue p -> array.set(JAVA_DOUBLE, at, p.value());
            case TypedParam.BooleanValue p -> array.set(JAVA_BYTE, at, (byte) (p.value() ? 1 : 0));
            case TypedParam.StringValue p -> array.set(ADDRESS, at, arena.allocateFrom(p.value()));
        }
    }
}
