package dev.hpm.cim;

import dev.hpm.cim.model.CimSource;
import dev.hpm.cim.model.Instance;
import dev.hpm.cim.model.Model;
import dev.hpm.cim.schema.ClassDef;
import dev.hpm.cim.schema.Classes;
import dev.hpm.cim.schema.PropertyDef;
import dev.hpm.cim.schema.Schema;
import dev.hpm.cim.xml.CimRequest;
import dev.hpm.cim.xml.ResponseWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Carries out one CIM operation and writes its answer: the intrinsic methods on instances, classes
 * and associations, with polymorphism, DeepInheritance, LocalOnly, IncludeClassOrigin and
 * PropertyList as DSP0200 defines them; extrinsic methods go to {@link Methods}. Everything else
 * (pull operations, qualifiers, changes to classes or instances) is {@code CIM_ERR_NOT_SUPPORTED}.
 */
public final class Operations {
    private static final System.Logger LOG = System.getLogger(Operations.class.getName());
    private final Schema schema = Classes.schema();
    private final CimSource source;
    private final Methods methods;

    public Operations(CimSource source) {
        this.source = source;
        this.methods = new Methods(source);
    }

    /** The answer to {@code request} as a CIM-XML document in UTF-8, a CIM error included. */
    public java.nio.ByteBuffer answer(CimRequest request, Caller caller, String host) {
        boolean intrinsic = request instanceof CimRequest.Intrinsic;
        ResponseWriter out = new ResponseWriter(host, 4096).begin(request.messageId(), request.method(), intrinsic);
        try {
            String ns = Schema.namespace(request.namespace());
            if (request instanceof CimRequest.Extrinsic e) {
                methods.call(e, ns, caller, new Model(schema, source.snapshot(), source), out);
            } else {
                intrinsic(request, ns, out);
            }
        } catch (CimException e) {
            out = new ResponseWriter(host).begin(request.messageId(), request.method(), intrinsic);
            out.error(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, request.method() + " failed", e);
            out = new ResponseWriter(host).begin(request.messageId(), request.method(), intrinsic);
            out.error(CimException.FAILED, "internal error: " + e);
        }
        return out.end(intrinsic);
    }

    private void intrinsic(CimRequest r, String ns, ResponseWriter out) {
        String method = r.method();
        switch (method) {
            case "GetClass" -> {
                ClassDef c = schema.require(ns, className(r, "ClassName"));
                out.openReturn();
                writeClass(c, r, out, flag(r, "LocalOnly", true));
                out.closeReturn();
            }
            case "EnumerateClasses", "EnumerateClassNames" -> {
                String name = r.has("ClassName") && r.param("ClassName") != null ? className(r, "ClassName") : null;
                if (name != null) {
                    schema.require(ns, name);
                }
                List<ClassDef> classes = schema.subclasses(ns, name, flag(r, "DeepInheritance", false));
                out.openReturn();
                for (ClassDef c : classes) {
                    if (method.equals("EnumerateClassNames")) {
                        out.className(c.name());
                    } else {
                        writeClass(c, r, out, flag(r, "LocalOnly", true));
                    }
                }
                out.closeReturn();
            }
            case "EnumerateInstances", "EnumerateInstanceNames" -> enumerate(r, ns, out, method.equals("EnumerateInstances"));
            case "GetInstance" -> {
                Model model = model();
                Instance i = require(model, path(r, "InstanceName"), ns);
                ClassDef c = schema.require(ns, i.className());
                out.openReturn();
                out.instance(i, select(c, c, r, flag(r, "LocalOnly", false), true), flag(r, "IncludeClassOrigin", false));
                out.closeReturn();
            }
            case "GetProperty" -> {
                Model model = model();
                Instance i = require(model, path(r, "InstanceName"), ns);
                String name = string(r, "PropertyName");
                PropertyDef p = schema.property(schema.require(ns, i.className()), name).orElseThrow(() ->
                        new CimException(CimException.NO_SUCH_PROPERTY, i.className() + " has no property " + name));
                out.openReturn();
                out.value(p, i.value(p.name()));
                out.closeReturn();
            }
            case "Associators", "AssociatorNames", "References", "ReferenceNames" ->
                    new Traversal(schema, model(), ns).answer(r, out);
            default -> throw CimException.notSupported(method + " is not supported by HPM (see docs/cim.md)");
        }
    }

    private Model model() {
        return new Model(schema, source.snapshot(), source);
    }

    private void enumerate(CimRequest r, String ns, ResponseWriter out, boolean full) {
        ClassDef requested = schema.require(ns, className(r, "ClassName"));
        Model model = model();
        boolean deep = flag(r, "DeepInheritance", true);
        boolean localOnly = flag(r, "LocalOnly", true) && full && r.has("LocalOnly");
        boolean origin = flag(r, "IncludeClassOrigin", false);
        List<ClassDef> classes = schema.concrete(ns, requested.name());
        int count = 0;
        for (ClassDef c : classes) {
            count += model.instances(ns, c).size();
        }
        out.reserve(count * (full ? 1600 : 400));
        out.openReturn();
        for (ClassDef c : classes) {
            List<PropertyDef> properties = full ? select(c, requested, r, localOnly, deep) : null;
            for (Instance i : model.instances(ns, c)) {
                if (full) {
                    out.namedInstance(i, properties, origin);
                } else {
                    out.instanceName(i.path());
                }
            }
        }
        out.closeReturn();
    }

    /**
     * The properties to return of an instance of {@code c}: those of {@code c} (or only those the
     * requested class declares itself, with LocalOnly), limited to the PropertyList if one is given.
     */
    List<PropertyDef> select(ClassDef c, ClassDef requested, CimRequest r, boolean localOnly, boolean deep) {
        List<PropertyDef> all = schema.properties(deep ? c : requested);
        Set<String> local = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (localOnly) {
            requested.local().forEach(p -> local.add(p.name()));
        }
        Set<String> wanted = propertyList(r);
        List<PropertyDef> result = new ArrayList<>();
        for (PropertyDef p : all) {
            if ((!localOnly || local.contains(p.name())) && (wanted == null || wanted.contains(p.name()))) {
                result.add(p);
            }
        }
        return result;
    }

    static Set<String> propertyList(CimRequest r) {
        Object list = r.param("PropertyList");
        if (list == null) {
            return null;
        }
        if (!(list instanceof List<?> names)) {
            throw CimException.invalidParameter("PropertyList must be an array of property names");
        }
        Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.forEach(n -> wanted.add(n.toString().strip()));
        return wanted;
    }

    private void writeClass(ClassDef c, CimRequest r, ResponseWriter out, boolean localOnly) {
        List<PropertyDef> properties = localOnly ? schema.properties(c).stream()
                .filter(p -> c.local().stream().anyMatch(l -> l.name().equalsIgnoreCase(p.name()))).toList()
                : schema.properties(c);
        Set<String> wanted = propertyList(r);
        if (wanted != null) {
            properties = properties.stream().filter(p -> wanted.contains(p.name())).toList();
        }
        var classMethods = localOnly ? schema.methods(c).stream()
                .filter(m -> m.origin().equalsIgnoreCase(c.name())).toList() : schema.methods(c);
        out.classDef(c, properties, classMethods, flag(r, "IncludeClassOrigin", false));
    }

    static Instance require(Model model, ObjectPath path, String ns) {
        model.schema().require(ns, path.className());
        Instance i = model.find(path, ns);
        if (i == null) {
            throw new CimException(CimException.NOT_FOUND, "no instance " + path.withNamespace(ns));
        }
        return i;
    }

    static String className(CimRequest r, String param) {
        Object v = r.param(param);
        if (v instanceof CimRequest.ClassName c) {
            return c.name();
        }
        if (v instanceof ObjectPath p && p.keys().isEmpty()) {
            return p.className();
        }
        throw CimException.invalidParameter(r.method() + " needs " + param + " (a CLASSNAME)");
    }

    static ObjectPath path(CimRequest r, String param) {
        if (r.param(param) instanceof ObjectPath p) {
            return p;
        }
        throw CimException.invalidParameter(r.method() + " needs " + param + " (an INSTANCENAME)");
    }

    static String string(CimRequest r, String param) {
        if (r.param(param) instanceof String s) {
            return s;
        }
        throw CimException.invalidParameter(r.method() + " needs " + param + " (a VALUE)");
    }

    /** A boolean parameter, or its DSP0200 default if absent. */
    static boolean flag(CimRequest r, String param, boolean fallback) {
        Object v = r.param(param);
        if (v == null) {
            return fallback;
        }
        String s = v.toString().strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw CimException.invalidParameter(param + " must be TRUE or FALSE, not \"" + v + "\"");
        };
    }
}
