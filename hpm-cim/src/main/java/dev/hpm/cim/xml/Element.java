package dev.hpm.cim.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A parsed XML element of a request: name, attributes, child elements and text. */
record Element(String name, Map<String, String> attributes, List<Element> children, String text) {

    String attr(String attribute) {
        return attributes.get(attribute);
    }

    /** The attribute, or a malformed request naming it. */
    String required(String attribute) {
        String v = attributes.get(attribute);
        if (v == null) {
            throw invalid(name + " needs the attribute " + attribute);
        }
        return v;
    }

    Element child(String childName) {
        for (Element e : children) {
            if (e.name.equals(childName)) {
                return e;
            }
        }
        return null;
    }

    Element requiredChild(String childName) {
        Element e = child(childName);
        if (e == null) {
            throw invalid(name + " needs a " + childName + " element");
        }
        return e;
    }

    List<Element> all(String childName) {
        List<Element> result = new ArrayList<>();
        for (Element e : children) {
            if (e.name.equals(childName)) {
                result.add(e);
            }
        }
        return result;
    }

    /** The first child element, or a malformed request. */
    Element only() {
        if (children.isEmpty()) {
            throw invalid(name + " is empty");
        }
        return children.getFirst();
    }

    static MalformedRequest invalid(String message) {
        return new MalformedRequest(MalformedRequest.NOT_VALID, message);
    }
}
