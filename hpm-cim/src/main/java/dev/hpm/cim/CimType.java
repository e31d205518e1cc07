package dev.hpm.cim;

import java.util.Locale;

/**
 * The CIM data types HPM's model uses, with their CIM-XML names. Integers are carried as
 * {@link Long}, {@code real64} as {@link Double}, references as {@link ObjectPath}.
 */
public enum CimType {
    STRING, BOOLEAN, UINT8, UINT16, UINT32, UINT64, SINT32, SINT64, REAL64, DATETIME, REFERENCE;

    /** The {@code TYPE} attribute value, e.g. {@code uint16}. */
    public String cimName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean numeric() {
        return this != STRING && this != BOOLEAN && this != DATETIME && this != REFERENCE;
    }

    public static CimType of(String cimName) {
        for (CimType t : values()) {
            if (t.cimName().equalsIgnoreCase(cimName)) {
                return t;
            }
        }
        throw CimException.invalidParameter("unknown CIM type \"" + cimName + "\"");
    }
}
