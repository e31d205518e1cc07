package dev.hpm.libvirt;

import java.util.OptionalLong;

/**
 * One {@code virTypedParameter}: a field name (at most 79 bytes of UTF-8) and a value of one of
 * libvirt's seven types. Unsigned C values are kept in the signed Java type of the same width
 * ({@link UIntValue#value()} holds the 32 bits of an {@code unsigned int}).
 */
public sealed interface TypedParam {
    /** {@code VIR_TYPED_PARAM_INT}. */
    int INT = 1;
    /** {@code VIR_TYPED_PARAM_UINT}. */
    int UINT = 2;
    /** {@code VIR_TYPED_PARAM_LLONG}. */
    int LLONG = 3;
    /** {@code VIR_TYPED_PARAM_ULLONG}. */
    int ULLONG = 4;
    /** {@code VIR_TYPED_PARAM_DOUBLE}. */
    int DOUBLE = 5;
    /** {@code VIR_TYPED_PARAM_BOOLEAN}. */
    int BOOLEAN = 6;
    /** {@code VIR_TYPED_PARAM_STRING}. */
    int STRING = 7;

    /** The parameter's name, e.g. {@code cpu_shares}. */
    String field();

    /** The {@code virTypedParameterType} number. */
    int type();

    /**
     * The value as a number the way HPM's decoders see it: integers as they are ({@code unsigned int}
     * widened without sign), doubles rounded, booleans 0/1; empty for strings.
     */
    default OptionalLong numeric() {
        return switch (this) {
            case IntValue p -> OptionalLong.of(p.value());
            case UIntValue p -> OptionalLong.of(Integer.toUnsignedLong(p.value()));
            case LLongValue p -> OptionalLong.of(p.value());
            case ULLongValue p -> OptionalLong.of(p.value());
            case DoubleValue p -> OptionalLong.of(Math.round(p.value()));
            case BooleanValue p -> OptionalLong.of(p.value() ? 1 : 0);
            case StringValue p -> OptionalLong.empty();
        };
    }

    /** {@code int}. */
    record IntValue(String field, int value) implements TypedParam {
        public int type() {
            return INT;
        }
    }

    /** {@code unsigned int}, its 32 bits in an {@code int}. */
    record UIntValue(String field, int value) implements TypedParam {
        public int type() {
            return UINT;
        }
    }

    /** {@code long long}. */
    record LLongValue(String field, long value) implements TypedParam {
        public int type() {
            return LLONG;
        }
    }

    /** {@code unsigned long long}, its 64 bits in a {@code long}. */
    record ULLongValue(String field, long value) implements TypedParam {
        public int type() {
            return ULLONG;
        }
    }

    /** {@code double}. */
    record DoubleValue(String field, double value) implements TypedParam {
        public int type() {
            return DOUBLE;
        }
    }

    /** {@code char} used as a boolean. */
    record BooleanValue(String field, boolean value) implements TypedParam {
        public int type() {
            return BOOLEAN;
        }
    }

    /** {@code char *}, never null. */
    record StringValue(String field, String value) implements TypedParam {
        public StringValue {
            java.util.Objects.requireNonNull(value, "a string typed parameter may not be null");
        }

        public int type() {
            return STRING;
        }
    }
}
