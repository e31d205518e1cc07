package dev.hpm.cim.schema;

import dev.hpm.cim.CimException;
import dev.hpm.cim.CimType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The classes HPM serves, by namespace, with the queries the operations need: lookup without
 * case, inheritance ({@link #isA}), the effective properties and methods of a class (inherited
 * first, an override keeps its place and its first declarer as origin) and subclasses. Built once
 * by {@link Classes}; immutable afterwards.
 */
public final class Schema {
    /** The model's namespace. */
    public static final String VIRT = "root/virt";
    /** The namespace of the registered profiles. */
    public static final String INTEROP = "root/interop";
    private final Map<String, ClassDef> classes = new LinkedHashMap<>();
    private final Map<String, List<PropertyDef>> properties = new java.util.concurrent.ConcurrentHashMap<>();

    Schema() {
    }

    void add(ClassDef c) {
        if (c.superclass() != null && !classes.containsKey(lower(c.superclass()))) {
            throw new IllegalStateException(c.name() + ": superclass " + c.superclass() + " not defined yet");
        }
        classes.put(lower(c.name()), c);
    }

    /** True if the namespace is one HPM serves (any case). */
    public static boolean served(String namespace) {
        return namespace.equalsIgnoreCase(VIRT) || namespace.equalsIgnoreCase(INTEROP);
    }

    /** {@code root/virt} or {@code root/interop} as HPM spells it; CIM_ERR_INVALID_NAMESPACE otherwise. */
    public static String namespace(String requested) {
        if (requested.equalsIgnoreCase(VIRT)) {
            return VIRT;
        }
        if (requested.equalsIgnoreCase(INTEROP)) {
            return INTEROP;
        }
        throw new CimException(CimException.INVALID_NAMESPACE, "no namespace \"" + requested + "\": HPM serves "
                + VIRT + " (the model) and " + INTEROP + " (registered profiles)");
    }

    /** The class in this namespace, if it has one. */
    public Optional<ClassDef> find(String namespace, String name) {
        ClassDef c = name == null ? null : classes.get(lower(name));
        return c != null && c.namespaces().contains(namespace) ? Optional.of(c) : Optional.empty();
    }

    /** The class, or CIM_ERR_INVALID_CLASS. */
    public ClassDef require(String namespace, String name) {
        return find(namespace, name).orElseThrow(() -> new CimException(CimException.INVALID_CLASS,
                "no class \"" + name + "\" in " + namespace));
    }

    /** True if {@code sub} is {@code sup} or inherits from it. */
    public boolean isA(String sub, String sup) {
        for (ClassDef c = classes.get(lower(sub)); c != null; c = c.superclass() == null ? null : classes.get(lower(c.superclass()))) {
            if (c.name().equalsIgnoreCase(sup)) {
                return true;
            }
        }
        return false;
    }

    /** Every property of the class, inherited ones included, each with the class that first declared it. */
    public List<PropertyDef> properties(ClassDef c) {
        List<PropertyDef> known = properties.get(lower(c.name()));
        if (known != null) {
            return known;
        }
        {
            List<PropertyDef> result = c.superclass() == null ? new ArrayList<>()
                    : new ArrayList<>(properties(classes.get(lower(c.superclass()))));
            for (PropertyDef p : c.local()) {
                int at = indexOf(result, p.name());
                if (at >= 0) {
                    PropertyDef inherited = result.get(at);
                    result.set(at, p.withOrigin(inherited.origin()));
                } else {
                    result.add(p.withOrigin(c.name()));
                }
            }
            List<PropertyDef> done = List.copyOf(result);
            properties.put(lower(c.name()), done);
            return done;
        }
    }

    private static int indexOf(List<PropertyDef> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The property of this name (any case), if the class has it. */
    public Optional<PropertyDef> property(ClassDef c, String name) {
        return properties(c).stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The key properties, in declaration order. */
    public List<PropertyDef> keys(ClassDef c) {
        return properties(c).stream().filter(PropertyDef::key).toList();
    }

    /** Every method of the class, inherited ones included. */
    public List<MethodDef> methods(ClassDef c) {
        List<MethodDef> result = c.superclass() == null ? new ArrayList<>()
                : new ArrayList<>(methods(classes.get(lower(c.superclass()))));
        for (MethodDef m : c.localMethods()) {
            result.removeIf(x -> x.name().equalsIgnoreCase(m.name()));
            result.add(m.withOrigin(c.name()));
        }
        return result;
    }

    /** The class's direct subclasses in the namespace, or (deep) all its descendants; itself excluded. */
    public List<ClassDef> subclasses(String namespace, String name, boolean deep) {
        List<ClassDef> result = new ArrayList<>();
        for (ClassDef c : classes.values()) {
            if (!c.namespaces().contains(namespace)) {
                continue;
            }
            boolean matches = name == null ? (deep || c.superclass() == null)
                    : deep ? !c.name().equalsIgnoreCase(name) && isA(c.name(), name)
                    : c.superclass() != null && c.superclass().equalsIgnoreCase(name);
            if (matches) {
                result.add(c);
            }
        }
        return result;
    }

    /** The concrete classes in the namespace that are {@code name} or inherit from it. */
    public List<ClassDef> concrete(String namespace, String name) {
        List<ClassDef> result = new ArrayList<>();
        for (ClassDef c : classes.values()) {
            if (c.namespaces().contains(namespace) && !c.isAbstract() && isA(c.name(), name)) {
                result.add(c);
            }
        }
        return result;
    }

    /** The association classes of the namespace. */
    public List<ClassDef> associations(String namespace) {
        return classes.values().stream().filter(c -> c.association() && c.namespaces().contains(namespace)).toList();
    }

    /** The reference properties of an association, in order. */
    public List<PropertyDef> references(ClassDef association) {
        return properties(association).stream().filter(p -> p.type() == CimType.REFERENCE).toList();
    }

    /** Every class. */
    public List<ClassDef> all() {
        return List.copyOf(classes.values());
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Both namespaces. */
    static final Set<String> BOTH = Set.of(VIRT, INTEROP);
}
