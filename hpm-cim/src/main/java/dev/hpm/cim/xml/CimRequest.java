package dev.hpm.cim.xml;

import dev.hpm.cim.ObjectPath;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One CIM operation request ({@code SIMPLEREQ}). Parameter values are a {@link String}
 * ({@code VALUE}), a {@code List<String>} ({@code VALUE.ARRAY}), a {@link ClassName}
 * ({@code CLASSNAME}), an {@link ObjectPath} ({@code INSTANCENAME}, {@code VALUE.REFERENCE}), or null
 * (an empty parameter); names are kept in lower case for lookup.
 */
public sealed interface CimRequest {
    String messageId();

    String method();

    String namespace();

    Map<String, Object> params();

    /** A parameter by name (any case), or null. */
    default Object param(String name) {
        return params().get(name.toLowerCase(Locale.ROOT));
    }

    default boolean has(String name) {
        return params().containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** A parameter value HPM does not read (an {@code INSTANCE}, a {@code CLASS}, …), by its element. */
    record Other(String element) {
    }

    /** A class name parameter. */
    record ClassName(String name) {
    }

    /** An intrinsic method ({@code IMETHODCALL}) on a namespace. */
    record Intrinsic(String messageId, String method, String namespace, Map<String, Object> params)
            implements CimRequest {
        public Intrinsic {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** An extrinsic method ({@code METHODCALL}) on an instance or a class. */
    record Extrinsic(String messageId, String method, String namespace, ObjectPath target, Map<String, Object> params)
            implements CimRequest {
        public Extrinsic {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }
}
