package dev.hpm.cim.schema;

import dev.hpm.cim.CimType;

/**
 * A property as a class declares it: {@code refClass} for references, {@code key} for the
 * {@code Key} qualifier, {@code origin} the class that first declared it (filled in by
 * {@link Schema#properties}).
 */
public record PropertyDef(String name, CimType type, boolean array, boolean key, String refClass, String origin,
                          String description) {
    public PropertyDef withOrigin(String o) {
        return new PropertyDef(name, type, array, key, refClass, o, description);
    }
}
