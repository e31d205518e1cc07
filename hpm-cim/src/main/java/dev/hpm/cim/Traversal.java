package dev.hpm.cim;

import dev.hpm.cim.model.Instance;
import dev.hpm.cim.model.Model;
import dev.hpm.cim.schema.ClassDef;
import dev.hpm.cim.schema.PropertyDef;
import dev.hpm.cim.schema.Schema;
import dev.hpm.cim.xml.CimRequest;
import dev.hpm.cim.xml.ResponseWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Associators, AssociatorNames, References and ReferenceNames of one instance, filtered by
 * AssocClass (or, for References, ResultClass naming the association), ResultClass, Role and
 * ResultRole as DSP0200 defines them. Objects in another namespace (a registered profile in
 * {@code root/interop}) are looked up there.
 */
final class Traversal {
    private final Schema schema;
    private final Model model;
    private final String ns;

    Traversal(Schema schema, Model model, String ns) {
        this.schema = schema;
        this.model = model;
        this.ns = ns;
    }

    /** One link found: the association instance, the reference naming the source, and the far end. */
    private record Hit(Instance association, String role, String resultRole, ObjectPath result) {
    }

    void answer(CimRequest r, ResponseWriter out) {
        String method = r.method();
        boolean references = method.startsWith("Reference");
        boolean names = method.endsWith("Names");
        Operations.require(model, Operations.path(r, "ObjectName"), ns);
        ObjectPath source = Operations.path(r, "ObjectName").withNamespace(ns);
        String assocClass = optionalClass(r, references ? "ResultClass" : "AssocClass");
        String resultClass = references ? null : optionalClass(r, "ResultClass");
        String role = optionalString(r, "Role");
        String resultRole = references ? null : optionalString(r, "ResultRole");
        boolean origin = Operations.flag(r, "IncludeClassOrigin", false);
        out.openReturn();
        for (Hit h : hits(source, assocClass, resultClass, role, resultRole)) {
            if (references) {
                if (names) {
                    out.objectPath(h.association().path());
                } else {
                    ClassDef c = schema.require(ns, h.association().className());
                    out.objectWithPath(h.association(), filter(schema.properties(c), r), origin);
                }
            } else if (names) {
                out.objectPath(h.result());
            } else {
                Instance far = model.find(h.result(), ns);
                if (far != null) {
                    ClassDef c = schema.require(h.result().namespace(), far.className());
                    out.objectWithPath(far, filter(schema.properties(c), r), origin);
                }
            }
        }
        out.closeReturn();
    }

    private List<Hit> hits(ObjectPath source, String assocClass, String resultClass, String role, String resultRole) {
        List<Hit> hits = new ArrayList<>();
        for (ClassDef a : schema.associations(ns)) {
            if (a.isAbstract() || assocClass != null && !schema.isA(a.name(), assocClass)) {
                continue;
            }
            List<PropertyDef> refs = schema.references(a);
            for (Instance link : model.instances(ns, a)) {
                for (int side = 0; side < 2; side++) {
                    String near = refs.get(side).name();
                    String far = refs.get(1 - side).name();
                    ObjectPath here = (ObjectPath) link.value(near);
                    ObjectPath there = (ObjectPath) link.value(far);
                    if (!here.same(source) || role != null && !role.equalsIgnoreCase(near)
                            || resultRole != null && !resultRole.equalsIgnoreCase(far)
                            || resultClass != null && !schema.isA(there.className(), resultClass)) {
                        continue;
                    }
                    hits.add(new Hit(link, near, far, there));
                }
            }
        }
        return hits;
    }

    private static List<PropertyDef> filter(List<PropertyDef> properties, CimRequest r) {
        var wanted = Operations.propertyList(r);
        return wanted == null ? properties : properties.stream().filter(p -> wanted.contains(p.name())).toList();
    }

    private String optionalClass(CimRequest r, String param) {
        if (r.param(param) == null) {
            return null;
        }
        String name = Operations.className(r, param);
        if (schema.find(ns, name).isEmpty() && schema.find(Schema.VIRT, name).isEmpty()
                && schema.find(Schema.INTEROP, name).isEmpty()) {
            throw new CimException(CimException.INVALID_PARAMETER, param + " names no class HPM knows: " + name);
        }
        return name;
    }

    private static String optionalString(CimRequest r, String param) {
        Object v = r.param(param);
        return v == null ? null : v.toString().strip();
    }
}
