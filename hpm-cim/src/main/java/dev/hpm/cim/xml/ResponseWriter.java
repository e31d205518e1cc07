package dev.hpm.cim.xml;

import dev.hpm.cim.CimType;
import dev.hpm.cim.ObjectPath;
import dev.hpm.cim.model.Instance;
import dev.hpm.cim.schema.ClassDef;
import dev.hpm.cim.schema.MethodDef;
import dev.hpm.cim.schema.ParamDef;
import dev.hpm.cim.schema.PropertyDef;

import java.util.List;
import java.util.Map;

/**
 * Writes CIM-XML answers (DSP0201) in the form strict clients accept: an XML declaration without
 * {@code standalone}, no comments, and no self-closed elements at all (Debian's sblim-wbemcli
 * 1.6.3 rejects a self-closed {@code IRETURNVALUE}, {@code VALUE} or {@code PROPERTY}). Paths in
 * references are full {@code INSTANCEPATH}s with the host the client addressed.
 */
public final class ResponseWriter {
    private final Utf8Buffer out;
    private final String host;

    /** @param host the host name to put in instance paths */
    public ResponseWriter(String host) {
        this(host, 4096);
    }

    /** A writer that expects an answer of about {@code expectedBytes}. */
    public ResponseWriter(String host, int expectedBytes) {
        this.host = host;
        this.out = new Utf8Buffer(expectedBytes);
    }

    /** Opens the answer to an intrinsic ({@code IMETHODRESPONSE}) or extrinsic ({@code METHODRESPONSE}) call. */
    public ResponseWriter begin(String messageId, String method, boolean intrinsic) {
        out.append("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">")
                .append("<MESSAGE ID=\"").append(escape(messageId)).append("\" PROTOCOLVERSION=\"1.0\"><SIMPLERSP>")
                .append(intrinsic ? "<IMETHODRESPONSE" : "<METHODRESPONSE").append(" NAME=\"").append(escape(method))
                .append("\">");
        return this;
    }

    /** Closes the answer; its UTF-8 bytes, not copied. */
    public java.nio.ByteBuffer end(boolean intrinsic) {
        out.append(intrinsic ? "</IMETHODRESPONSE>" : "</METHODRESPONSE>").append("</SIMPLERSP></MESSAGE></CIM>\n");
        return out.buffer();
    }

    /** Makes room for about {@code bytes} more, so that a large answer is not copied as it grows. */
    public void reserve(int bytes) {
        out.reserve(bytes);
    }

    public ResponseWriter error(int code, String description) {
        out.append("<ERROR CODE=\"").append(code).append("\" DESCRIPTION=\"").append(escape(description)).append("\"></ERROR>");
        return this;
    }

    public ResponseWriter openReturn() {
        out.append("<IRETURNVALUE>");
        return this;
    }

    public ResponseWriter closeReturn() {
        out.append("</IRETURNVALUE>\n");
        return this;
    }

    /** {@code VALUE.NAMEDINSTANCE} (EnumerateInstances). */
    public void namedInstance(Instance i, List<PropertyDef> properties, boolean classOrigin) {
        out.append("<VALUE.NAMEDINSTANCE>");
        instanceName(i.path());
        instance(i, properties, classOrigin);
        out.append("</VALUE.NAMEDINSTANCE>\n");
    }

    /** {@code VALUE.OBJECTWITHPATH} (Associators, References). */
    public void objectWithPath(Instance i, List<PropertyDef> properties, boolean classOrigin) {
        out.append("<VALUE.OBJECTWITHPATH>");
        instancePath(i.path());
        instance(i, properties, classOrigin);
        out.append("</VALUE.OBJECTWITHPATH>\n");
    }

    /** {@code OBJECTPATH} (AssociatorNames, ReferenceNames). */
    public void objectPath(ObjectPath p) {
        out.append("<OBJECTPATH>");
        instancePath(p);
        out.append("</OBJECTPATH>\n");
    }

    public void instance(Instance i, List<PropertyDef> properties, boolean classOrigin) {
        out.append("<INSTANCE CLASSNAME=\"").append(escape(i.className())).append("\">");
        for (PropertyDef p : properties) {
            property(p, i.value(p.name()), classOrigin);
        }
        out.append("</INSTANCE>");
    }

    /** A bare value ({@code GetProperty}); nothing for NULL. */
    public void value(PropertyDef p, Object v) {
        if (v == null) {
            return;
        }
        if (p.type() == CimType.REFERENCE) {
            reference((ObjectPath) v);
        } else if (p.array()) {
            valueArray((List<?>) v);
        } else {
            out.append("<VALUE>").append(escape(text(v))).append("</VALUE>");
        }
    }

    public void instanceName(ObjectPath p) {
        out.append("<INSTANCENAME CLASSNAME=\"").append(escape(p.className())).append("\">");
        for (Map.Entry<String, Object> k : p.keys().entrySet()) {
            out.append("<KEYBINDING NAME=\"").append(escape(k.getKey())).append("\">");
            Object v = k.getValue();
            if (v instanceof ObjectPath ref) {
                reference(ref);
            } else {
                String type = v instanceof Boolean ? "boolean" : v instanceof Number ? "numeric" : "string";
                out.append("<KEYVALUE VALUETYPE=\"").append(type).append("\">").append(escape(text(v))).append("</KEYVALUE>");
            }
            out.append("</KEYBINDING>");
        }
        out.append("</INSTANCENAME>");
    }

    public void instancePath(ObjectPath p) {
        out.append("<INSTANCEPATH><NAMESPACEPATH><HOST>").append(escape(host)).append("</HOST>");
        localNamespace(p.namespace());
        out.append("</NAMESPACEPATH>");
        instanceName(p);
        out.append("</INSTANCEPATH>");
    }

    private void localNamespace(String namespace) {
        out.append("<LOCALNAMESPACEPATH>");
        for (String part : namespace.split("/")) {
            out.append("<NAMESPACE NAME=\"").append(escape(part)).append("\"></NAMESPACE>");
        }
        out.append("</LOCALNAMESPACEPATH>");
    }

    private void reference(ObjectPath p) {
        out.append("<VALUE.REFERENCE>");
        instancePath(p);
        out.append("</VALUE.REFERENCE>");
    }

    private void valueArray(List<?> values) {
        out.append("<VALUE.ARRAY>");
        for (Object v : values) {
            out.append("<VALUE>").append(escape(text(v))).append("</VALUE>");
        }
        out.append("</VALUE.ARRAY>");
    }

    private void property(PropertyDef p, Object v, boolean classOrigin) {
        String origin = classOrigin ? " CLASSORIGIN=\"" + escape(p.origin()) + "\"" : "";
        if (p.type() == CimType.REFERENCE) {
            out.append("<PROPERTY.REFERENCE NAME=\"").append(escape(p.name())).append("\" REFERENCECLASS=\"")
                    .append(escape(p.refClass())).append('"').append(origin).append('>');
            value(p, v);
            out.append("</PROPERTY.REFERENCE>");
        } else {
            String element = p.array() ? "PROPERTY.ARRAY" : "PROPERTY";
            out.append('<').append(element).append(" NAME=\"").append(escape(p.name())).append("\" TYPE=\"")
                    .append(p.type().cimName()).append('"').append(origin).append('>');
            value(p, v);
            out.append("</").append(element).append('>');
        }
    }

    /** {@code CLASSNAME} (EnumerateClassNames). */
    public void className(String name) {
        out.append("<CLASSNAME NAME=\"").append(escape(name)).append("\"></CLASSNAME>\n");
    }

    /** A class with its Key, Association and Description qualifiers and its methods. */
    public void classDef(ClassDef c, List<PropertyDef> properties, List<MethodDef> methods, boolean classOrigin) {
        out.append("<CLASS NAME=\"").append(escape(c.name())).append('"');
        if (c.superclass() != null) {
            out.append(" SUPERCLASS=\"").append(escape(c.superclass())).append('"');
        }
        out.append('>');
        if (c.association()) {
            qualifier("Association", "TRUE");
        }
        if (c.isAbstract()) {
            qualifier("Abstract", "TRUE");
        }
        if (!c.description().isEmpty()) {
            stringQualifier("Description", c.description());
        }
        for (PropertyDef p : properties) {
            String origin = classOrigin ? " CLASSORIGIN=\"" + escape(p.origin()) + "\"" : "";
            String element = p.type() == CimType.REFERENCE ? "PROPERTY.REFERENCE" : p.array() ? "PROPERTY.ARRAY" : "PROPERTY";
            out.append('<').append(element).append(" NAME=\"").append(escape(p.name())).append('"');
            out.append(p.type() == CimType.REFERENCE ? " REFERENCECLASS=\"" + escape(p.refClass()) + "\""
                    : " TYPE=\"" + p.type().cimName() + "\"");
            out.append(origin).append('>');
            if (p.key()) {
                qualifier("Key", "TRUE");
            }
            if (!p.description().isEmpty()) {
                stringQualifier("Description", p.description());
            }
            out.append("</").append(element).append('>');
        }
        for (MethodDef m : methods) {
            out.append("<METHOD NAME=\"").append(escape(m.name())).append("\" TYPE=\"").append(m.returnType().cimName())
                    .append('"').append(classOrigin ? " CLASSORIGIN=\"" + escape(m.origin()) + "\"" : "").append('>');
            for (ParamDef p : m.params()) {
                parameter(p);
            }
            out.append("</METHOD>");
        }
        out.append("</CLASS>\n");
    }

    private void parameter(ParamDef p) {
        String element = p.type() == CimType.REFERENCE ? (p.array() ? "PARAMETER.REFARRAY" : "PARAMETER.REFERENCE")
                : p.array() ? "PARAMETER.ARRAY" : "PARAMETER";
        out.append('<').append(element).append(" NAME=\"").append(escape(p.name())).append('"');
        out.append(p.type() == CimType.REFERENCE ? " REFERENCECLASS=\"" + escape(p.refClass()) + "\""
                : " TYPE=\"" + p.type().cimName() + "\"");
        out.append('>');
        if (p.in()) {
            qualifier("IN", "TRUE");
        }
        if (p.out()) {
            qualifier("OUT", "TRUE");
        }
        if (p.embeddedInstance()) {
            stringQualifier("EmbeddedInstance", "CIM_ResourceAllocationSettingData");
        }
        out.append("</").append(element).append('>');
    }

    private void qualifier(String name, String value) {
        out.append("<QUALIFIER NAME=\"").append(name).append("\" TYPE=\"boolean\"><VALUE>").append(value)
                .append("</VALUE></QUALIFIER>");
    }

    private void stringQualifier(String name, String value) {
        out.append("<QUALIFIER NAME=\"").append(name).append("\" TYPE=\"string\"><VALUE>").append(escape(value))
                .append("</VALUE></QUALIFIER>");
    }

    /**
     * {@code RETURNVALUE} of an extrinsic method. HPM's methods have no output parameters to send:
     * sblim-wbemcli 1.6.3 cannot read a {@code VALUE.REFARRAY} in a {@code PARAMVALUE}.
     */
    public void returnValue(CimType type, Object value) {
        out.append("<RETURNVALUE PARAMTYPE=\"").append(type.cimName()).append("\"><VALUE>").append(escape(text(value)))
                .append("</VALUE></RETURNVALUE>");
    }

    static String text(Object v) {
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        return String.valueOf(v);
    }

    /** XML-escapes text and attribute values; characters XML 1.0 cannot carry become U+FFFD. */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? "\uFFFD" : null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                b.append(r != null ? r : String.valueOf(c));
            }
        }
        return b == null ? s : b.toString();
    }
}
