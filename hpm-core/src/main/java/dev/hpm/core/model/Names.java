package dev.hpm.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** User-facing names of enum constants: lower case with hyphens ({@code OS_TYPE → os-type}). */
public final class Names {
    private Names() {
    }

    public static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a user-written constant name, accepting any case and {@code -} or {@code _}.
     *
     * @throws InvalidDefinitionException naming the field, the value and the accepted values
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value != null) {
            String wanted = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(wanted)) {
                    return constant;
                }
            }
        }
        throw new InvalidDefinitionException(new Problem(field, value,
                "use one of " + choices(type)));
    }

    public static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Names::label).collect(Collectors.joining(", "));
    }
}
