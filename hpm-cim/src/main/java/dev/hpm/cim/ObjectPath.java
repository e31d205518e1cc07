package dev.hpm.cim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A CIM object path: namespace (null when local to the request), class and keys in order. Key
 * values are {@link String}, {@link Long}, {@link Boolean} or {@link ObjectPath}. Class and key
 * names compare without case, as CIM names do; two paths {@link #same} if they name the same
 * object.
 */
public record ObjectPath(String namespace, String className, Map<String, Object> keys) {
    public ObjectPath {
        Objects.requireNonNull(className, "className");
        keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        namespace = namespace == null ? null : normalise(namespace);
    }

    /** A class path (no keys). */
    public static ObjectPath ofClass(String namespace, String className) {
        return new ObjectPath(namespace, className, Map.of());
    }

    /** {@code root/virt}: without leading or trailing slashes. */
    public static String normalise(String namespace) {
        String n = namespace.strip();
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    public ObjectPath withNamespace(String ns) {
        return new ObjectPath(ns, className, keys);
    }

    /** The key value under {@code name} (any case), or null. */
    public Object key(String name) {
        for (Map.Entry<String, Object> e : keys.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * True if both name the same object: same class and keys (names without case, values as text),
     * and the same namespace where both give one.
     */
    public boolean same(ObjectPath other) {
        if (!className.equalsIgnoreCase(other.className) || keys.size() != other.keys.size()) {
            return false;
        }
        if (namespace != null && other.namespace != null && !namespace.equalsIgnoreCase(other.namespace)) {
            return false;
        }
        for (Map.Entry<String, Object> e : keys.entrySet()) {
            Object theirs = other.key(e.getKey());
            if (theirs == null || !sameValue(e.getValue(), theirs)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof ObjectPath pa && b instanceof ObjectPath pb) {
            return pa.same(pb);
        }
        String x = String.valueOf(a);
        String y = String.valueOf(b);
        return x.equals(y) || (a instanceof Boolean || b instanceof Boolean) && x.equalsIgnoreCase(y);
    }

    /** {@code root/virt:KVM_ComputerSystem.CreationClassName="KVM_ComputerSystem",Name="web-1"}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (namespace != null) {
            s.append(namespace).append(':');
        }
        s.append(className);
        String sep = ".";
        for (Map.Entry<String, Object> e : keys.entrySet()) {
            s.append(sep).append(e.getKey()).append('=');
            Object v = e.getValue();
            s.append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v));
            sep = ",";
        }
        return s.toString();
    }
}
