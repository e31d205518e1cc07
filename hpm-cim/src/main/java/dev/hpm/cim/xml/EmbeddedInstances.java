package dev.hpm.cim.xml;

import dev.hpm.cim.CimException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an embedded instance from a string parameter: CIM-XML ({@code <INSTANCE CLASSNAME=…>},
 * through the hardened {@link RequestReader}) or MOF ({@code instance of CLASS { Name = value; … };}),
 * as libvirt-cim accepts both. Scalar properties only; values come back as text.
 */
public final class EmbeddedInstances {
    private static final Pattern MOF = Pattern.compile("(?s)\\s*instance\\s+of\\s+(\\w+)\\s*\\{(.*)}\\s*;?\\s*");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?s)\\s*(\\w+)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^;]*?)\\s*");

    private EmbeddedInstances() {
    }

    /** A class name and its property values as text (strings without their quotes). */
    public record Parsed(String className, Map<String, String> values) {
    }

    public static Parsed parse(String text) {
        if (text.length() > 16 << 10) {
            throw CimException.invalidParameter("an embedded instance may have at most 16 KiB");
        }
        String t = text.strip();
        if (t.startsWith("<")) {
            return xml(t);
        }
        if (t.replace("\\\"", "").indexOf('"') < 0) {
            t = t.replace("\\\"", "\""); // quotes a shell passed on escaped, as wbemcli's users write them
        }
        Matcher m = MOF.matcher(t);
        if (!m.matches()) {
            throw CimException.invalidParameter("not an embedded instance: write MOF (instance of CLASS { Name = value; };)"
                    + " or a CIM-XML INSTANCE");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String statement : m.group(2).split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            if (statement.isBlank()) {
                continue;
            }
            Matcher a = ASSIGNMENT.matcher(statement);
            if (!a.matches()) {
                throw CimException.invalidParameter("cannot read \"" + statement.strip() + "\" in the embedded instance");
            }
            String v = a.group(2);
            if (v.startsWith("\"")) {
                v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            values.put(a.group(1), v);
        }
        return new Parsed(m.group(1), values);
    }

    private static Parsed xml(String text) {
        Element e;
        try {
            e = RequestReader.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (MalformedRequest bad) {
            throw CimException.invalidParameter("the embedded instance is not acceptable XML: " + bad.getMessage());
        }
        if (!e.name().equals("INSTANCE")) {
            throw CimException.invalidParameter("the embedded XML is " + e.name() + ", not INSTANCE");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element p : e.all("PROPERTY")) {
            Element v = p.child("VALUE");
            values.put(p.required("NAME"), v == null ? null : v.text());
        }
        return new Parsed(e.required("CLASSNAME"), values);
    }
}
