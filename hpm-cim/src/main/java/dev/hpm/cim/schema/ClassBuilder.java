package dev.hpm.cim.schema;

import dev.hpm.cim.CimType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Declares one class for {@link Classes}: {@code key("Name", STRING)}, {@code ref("Antecedent", "CIM_System")}, … */
final class ClassBuilder {
    private final String name;
    private final String superclass;
    private final List<PropertyDef> properties = new ArrayList<>();
    private final List<MethodDef> methods = new ArrayList<>();
    private boolean association;
    private boolean isAbstract;
    private Set<String> namespaces = Set.of(Schema.VIRT);
    private String description = "";

    ClassBuilder(String name, String superclass) {
        this.name = name;
        this.superclass = superclass;
    }

    ClassBuilder abstractClass() {
        isAbstract = true;
        return this;
    }

    ClassBuilder association() {
        association = true;
        return this;
    }

    ClassBuilder in(Set<String> ns) {
        namespaces = ns;
        return this;
    }

    ClassBuilder description(String d) {
        description = d;
        return this;
    }

    ClassBuilder prop(String n, CimType type) {
        return add(n, type, false, false, null, "");
    }

    ClassBuilder prop(String n, CimType type, String desc) {
        return add(n, type, false, false, null, desc);
    }

    ClassBuilder array(String n, CimType type) {
        return add(n, type, true, false, null, "");
    }

    ClassBuilder key(String n, CimType type) {
        return add(n, type, false, true, null, "");
    }

    ClassBuilder ref(String n, String refClass) {
        return add(n, CimType.REFERENCE, false, true, refClass, "");
    }

    ClassBuilder method(String n, CimType returns, ParamDef... params) {
        methods.add(new MethodDef(n, returns, List.of(params), name));
        return this;
    }

    private ClassBuilder add(String n, CimType type, boolean array, boolean key, String refClass, String desc) {
        properties.add(new PropertyDef(n, type, array, key, refClass, name, desc));
        return this;
    }

    ClassDef build() {
        return new ClassDef(name, superclass, properties, methods, association, isAbstract, namespaces, description);
    }

    static ParamDef in(String n, CimType type) {
        return new ParamDef(n, type, false, null, true, false, false);
    }

    static ParamDef embeddedInstances(String n) {
        return new ParamDef(n, CimType.STRING, true, null, true, false, true);
    }

    static ParamDef outRef(String n, String refClass, boolean array) {
        return new ParamDef(n, CimType.REFERENCE, array, refClass, false, true, false);
    }
}
