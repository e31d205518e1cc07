package dev.hpm.cim.xml;

import dev.hpm.cim.ObjectPath;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CIM-XML request (DSP0201) with the JDK's StAX parser, hardened: DTDs are refused before
 * anything in them is read (so no external entity is fetched and no entity is expanded: XXE and
 * "billion laughs" fail at the {@code DOCTYPE}), and the document is bounded in bytes (checked by the
 * caller), nesting depth, elements, text and parse time. Anything wrong is a {@link MalformedRequest}.
 */
public final class RequestReader {
    /** The deepest nesting accepted; CIM-XML requests need about 12. */
    public static final int MAX_DEPTH = 32;
    /** The most elements in one request. */
    public static final int MAX_ELEMENTS = 20_000;
    /** The longest text of one element, in characters. */
    public static final int MAX_TEXT = 64 << 10;
    /** The longest a parse may take. */
    public static final Duration MAX_TIME = Duration.ofSeconds(2);
    private static final XMLInputFactory FACTORY = factory();

    private RequestReader() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** Parses a whole request body. */
    public static CimRequest read(byte[] body) {
        Element cim = parse(body);
        if (!cim.name().equals("CIM")) {
            throw Element.invalid("the document element is " + cim.name() + ", not CIM");
        }
        Element message = cim.requiredChild("MESSAGE");
        String id = message.required("ID");
        if (message.child("MULTIREQ") != null) {
            throw new MalformedRequest(MalformedRequest.MULTIPLE, "HPM does not accept MULTIREQ; send one request at a time");
        }
        Element simple = message.child("SIMPLEREQ");
        if (simple == null) {
            throw new MalformedRequest(MalformedRequest.UNSUPPORTED_OPERATION, "MESSAGE holds no SIMPLEREQ");
        }
        Element call = simple.child("IMETHODCALL");
        if (call != null) {
            String ns = namespace(call.requiredChild("LOCALNAMESPACEPATH"));
            Map<String, Object> params = new LinkedHashMap<>();
            for (Element p : call.all("IPARAMVALUE")) {
                params.put(p.required("NAME").toLowerCase(Locale.ROOT), p.children().isEmpty() ? null : value(p.only()));
            }
            return new CimRequest.Intrinsic(id, call.required("NAME"), ns, params);
        }
        call = simple.child("METHODCALL");
        if (call == null) {
            throw Element.invalid("SIMPLEREQ holds neither IMETHODCALL nor METHODCALL");
        }
        Element target = call.child("LOCALINSTANCEPATH");
        String ns;
        ObjectPath path;
        if (target != null) {
            ns = namespace(target.requiredChild("LOCALNAMESPACEPATH"));
            path = instanceName(target.requiredChild("INSTANCENAME")).withNamespace(ns);
        } else {
            target = call.requiredChild("LOCALCLASSPATH");
            ns = namespace(target.requiredChild("LOCALNAMESPACEPATH"));
            path = ObjectPath.ofClass(ns, target.requiredChild("CLASSNAME").required("NAME"));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (Element p : call.all("PARAMVALUE")) {
            params.put(p.required("NAME").toLowerCase(Locale.ROOT), p.children().isEmpty() ? null : value(p.only()));
        }
        return new CimRequest.Extrinsic(id, call.required("NAME"), ns, path, params);
    }

    private static Object value(Element e) {
        return switch (e.name()) {
            case "VALUE" -> e.text();
            case "VALUE.ARRAY" -> {
                List<String> values = new ArrayList<>();
                for (Element v : e.children()) {
                    if (v.name().equals("VALUE")) {
                        values.add(v.text());
                    } else if (!v.name().equals("VALUE.NULL")) {
                        throw Element.invalid("VALUE.ARRAY may hold only VALUE elements, not " + v.name());
                    }
                }
                yield values;
            }
            case "CLASSNAME" -> new CimRequest.ClassName(e.required("NAME"));
            case "INSTANCENAME" -> instanceName(e);
            case "VALUE.REFERENCE" -> reference(e);
            default -> new CimRequest.Other(e.name()); // INSTANCE, CLASS, …: only operations HPM does not support take them
        };
    }

    static String namespace(Element localNamespacePath) {
        List<String> parts = new ArrayList<>();
        for (Element n : localNamespacePath.all("NAMESPACE")) {
            parts.add(n.required("NAME"));
        }
        if (parts.isEmpty()) {
            throw Element.invalid("LOCALNAMESPACEPATH names no NAMESPACE");
        }
        return String.join("/", parts);
    }

    private static ObjectPath reference(Element valueReference) {
        Element e = valueReference.only();
        return switch (e.name()) {
            case "INSTANCEPATH" -> instanceName(e.requiredChild("INSTANCENAME"))
                    .withNamespace(namespace(e.requiredChild("NAMESPACEPATH").requiredChild("LOCALNAMESPACEPATH")));
            case "LOCALINSTANCEPATH" -> instanceName(e.requiredChild("INSTANCENAME"))
                    .withNamespace(namespace(e.requiredChild("LOCALNAMESPACEPATH")));
            case "INSTANCENAME" -> instanceName(e);
            case "CLASSNAME" -> ObjectPath.ofClass(null, e.required("NAME"));
            default -> throw Element.invalid("VALUE.REFERENCE holding " + e.name() + " is not supported");
        };
    }

    private static ObjectPath instanceName(Element e) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Element k : e.all("KEYBINDING")) {
            Element v = k.only();
            Object value = switch (v.name()) {
                case "KEYVALUE" -> keyValue(v);
                case "VALUE.REFERENCE" -> reference(v);
                default -> throw Element.invalid("KEYBINDING holding " + v.name() + " is not supported");
            };
            keys.put(k.required("NAME"), value);
        }
        return new ObjectPath(null, e.required("CLASSNAME"), keys);
    }

    private static Object keyValue(Element v) {
        String type = v.attr("VALUETYPE");
        String text = v.text();
        if ("numeric".equals(type)) {
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException ex) {
                return text.strip();
            }
        }
        if ("boolean".equals(type)) {
            return Boolean.parseBoolean(text.strip());
        }
        return text;
    }

    /** The document as elements, within the limits. */
    static Element parse(byte[] body) {
        long deadline = System.nanoTime() + MAX_TIME.toNanos();
        Deque<Builder> open = new ArrayDeque<>();
        int elements = 0;
        Element root = null;
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            while (r.hasNext()) {
                int event = r.next();
                if (System.nanoTime() > deadline) {
                    throw Element.invalid("parsing took longer than " + MAX_TIME.toMillis() + " ms");
                }
                switch (event) {
                    case XMLStreamConstants.DTD -> throw Element.invalid("DTDs (DOCTYPE) are not accepted");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw Element.invalid(
                            "entity references are not accepted (&" + r.getLocalName() + ";)");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++elements > MAX_ELEMENTS) {
                            throw Element.invalid("more than " + MAX_ELEMENTS + " elements");
                        }
                        if (open.size() >= MAX_DEPTH) {
                            throw Element.invalid("elements nested deeper than " + MAX_DEPTH);
                        }
                        Map<String, String> attributes = new LinkedHashMap<>();
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                        open.push(new Builder(r.getLocalName(), attributes));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!open.isEmpty()) {
                            StringBuilder text = open.peek().text;
                            if (text.length() + r.getTextLength() > MAX_TEXT) {
                                throw Element.invalid("an element's text is longer than " + MAX_TEXT + " characters");
                            }
                            text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Element done = open.pop().build();
                        if (open.isEmpty()) {
                            root = done;
                        } else {
                            open.peek().children.add(done);
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new MalformedRequest(MalformedRequest.NOT_WELL_FORMED, "not well-formed XML: " + e.getMessage());
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing held
                }
            }
        }
        if (root == null) {
            throw new MalformedRequest(MalformedRequest.NOT_WELL_FORMED, "no document element");
        }
        return root;
    }

    private static final class Builder {
        final String name;
        final Map<String, String> attributes;
        final List<Element> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Builder(String name, Map<String, String> attributes) {
            this.name = name;
            this.attributes = attributes;
        }

        Element build() {
            return new Element(name, attributes, List.copyOf(children), text.toString());
        }
    }
}
