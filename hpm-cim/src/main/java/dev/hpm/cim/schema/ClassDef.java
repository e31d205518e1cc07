package dev.hpm.cim.schema;

import java.util.List;
import java.util.Set;

/**
 * A CIM class: its superclass (null at the top), what it declares itself, whether it is an
 * association or abstract, and the namespaces that hold it.
 */
public record ClassDef(String name, String superclass, List<PropertyDef> local, List<MethodDef> localMethods,
                       boolean association, boolean isAbstract, Set<String> namespaces, String description) {
    public ClassDef {
        local = List.copyOf(local);
        localMethods = List.copyOf(localMethods);
        namespaces = Set.copyOf(namespaces);
    }
}
