package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;
import dev.hpm.core.model.Tags;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * HPM's element in a libvirt domain's {@code <metadata>}: the server's tags, stored with the domain
 * so that they survive a restart of HPM (or a new database) and travel with the domain when it
 * migrates. In {@code virsh dumpxml} it reads
 * <pre>{@code
 * <metadata>
 *   <hpm:tags xmlns:hpm="https://hpm.dev/xmlns/libvirt/1">
 *     <hpm:tag>web</hpm:tag>
 *     <hpm:tag>prod</hpm:tag>
 *   </hpm:tags>
 * </metadata>}</pre>
 * written with {@code virDomainSetMetadata(VIR_DOMAIN_METADATA_ELEMENT, xml, "hpm", NAMESPACE, …)}.
 * An empty {@code <hpm:tags/>} means "no tags"; no element at all means the domain carries none of
 * HPM's tags, and HPM's own record stands.
 *
 * <p>Reading is hardened: at most {@value #MAX_CHARS} characters, parsed with {@link DomainXml#FACTORY}
 * (no DTD, no entities beyond XML's five, no external entities); the root must be {@code tags}, its
 * children {@code tag}, in {@link #NAMESPACE} or in none (libvirt returns the element it found under
 * the namespace with the namespace stripped); tags breaking the {@link Tags} rule (or beyond {@link Tags#MAX_TAGS}) make the
 * element invalid, reported as a {@link DriverException} naming the domain's metadata.
 */
final class TagsMetadata {
    /** The namespace URI of HPM's metadata (versioned: a later format gets a new URI). */
    static final String NAMESPACE = "https://hpm.dev/xmlns/libvirt/1";
    /** The prefix libvirt writes the element with. */
    static final String PREFIX = "hpm";
    /** The longest metadata element HPM reads. */
    static final int MAX_CHARS = 16 * 1024;

    private TagsMetadata() {
    }

    /** The element for {@code tags} (in the given order), as {@code virDomainSetMetadata} takes it. */
    static String write(Collection<String> tags) {
        StringBuilder xml = new StringBuilder("<tags>");
        for (String tag : tags) {
            if (!Tags.valid(tag)) {
                throw new DriverException(LibvirtErrors.INVALID_ARG, "tag \"" + tag + "\" breaks the tag rule");
            }
            xml.append("<tag>").append(escape(tag)).append("</tag>");
        }
        return xml.append("</tags>").toString();
    }

    /** The tags of an element {@code virDomainGetMetadata} returned. */
    static Set<String> read(String xml) {
        if (xml.length() > MAX_CHARS) {
            throw invalid("it is " + xml.length() + " characters, more than " + MAX_CHARS);
        }
        Set<String> tags = new LinkedHashSet<>();
        try {
            XMLStreamReader r = DomainXml.FACTORY.createXMLStreamReader(new StringReader(xml));
            int depth = 0;
            StringBuilder text = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        String ns = r.getNamespaceURI();
                        if (ns != null && !ns.isEmpty() && !ns.equals(NAMESPACE)) {
                            throw invalid("element <" + r.getLocalName() + "> is not in " + NAMESPACE);
                        }
                        String expected = depth == 1 ? "tags" : depth == 2 ? "tag" : null;
                        if (!r.getLocalName().equals(expected)) {
                            throw invalid("unexpected element <" + r.getLocalName() + ">");
                        }
                        text = depth == 2 ? new StringBuilder() : null;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (text != null) {
                            text.append(r.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (depth == 2) {
                            String tag = text.toString();
                            if (!Tags.valid(tag)) {
                                throw invalid("tag \"" + tag + "\" breaks the tag rule");
                            }
                            tags.add(tag);
                            if (tags.size() > Tags.MAX_TAGS) {
                                throw invalid("more than " + Tags.MAX_TAGS + " tags");
                            }
                        }
                        text = null;
                        depth--;
                    }
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
                            throw invalid("DTDs and entities are not accepted");
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw invalid(e.getMessage());
        }
        return tags;
    }

    private static DriverException invalid(String why) {
        return new DriverException(LibvirtErrors.INVALID_ARG, "the domain's HPM metadata (" + NAMESPACE
                + ") is not valid: " + why + "; set the tags again with hpm vs-update --tags");
    }

    private static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&apos;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
