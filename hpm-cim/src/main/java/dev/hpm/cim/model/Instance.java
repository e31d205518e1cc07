package dev.hpm.cim.model;

import dev.hpm.cim.ObjectPath;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CIM instance: its path (namespace, class, keys) and its property values by name (values as
 * {@link ObjectPath#keys()} has them, lists for arrays, {@link Double} for {@code real64}; absent
 * or null: NULL).
 */
public record Instance(ObjectPath path, Map<String, Object> values) {
    public Instance {
        values = Collections.unmodifiableMap(values instanceof LinkedHashMap<String, Object> m ? m : new LinkedHashMap<>(values));
    }

    public String className() {
        return path.className();
    }

    /** The value of a property (any case), or null. */
    public Object value(String name) {
        Object v = values.get(name);
        if (v != null || values.containsKey(name)) {
            return v;
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
