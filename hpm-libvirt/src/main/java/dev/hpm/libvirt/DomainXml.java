package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainDevices;
import dev.hpm.core.driver.DriverException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the disks and network interfaces out of a domain's XML description
 * ({@code <devices><disk>…<target dev=…/><source file=…/></disk><interface>…<mac address=…/>}),
 * with the JDK's StAX parser, DTDs and external entities off. {@link #FACTORY} is the one hardened
 * parser factory of this module ({@link TagsMetadata} reads HPM's metadata element with it).
 */
final class DomainXml {
    /** StAX without DTDs (so without entities beyond XML's five) and without external entities. */
    static final XMLInputFactory FACTORY = factory();

    private DomainXml() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    static DomainDevices devices(String xml) {
        List<DomainDevices.Disk> disks = new ArrayList<>();
        List<DomainDevices.Nic> nics = new ArrayList<>();
        String in = null; // "disk" or "interface" while inside one under <devices>
        String device = "";
        String type = "";
        String target = "";
        String source = "";
        String mac = "";
        String model = "";
        int depth = 0;
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = r.getLocalName();
                    if (depth == 3 && (name.equals("disk") || name.equals("interface"))) {
                        in = name;
                        device = attribute(r, "device", "disk");
                        type = attribute(r, "type", "");
                        target = source = mac = model = "";
                    } else if (in != null && depth == 4) {
                        switch (name) {
                            case "target" -> target = attribute(r, "dev", target);
                            case "source" -> source = firstOf(r, "file", "dev", "volume", "network", "bridge", "dev", "name");
                            case "mac" -> mac = attribute(r, "address", mac);
                            case "model" -> model = attribute(r, "type", model);
                            default -> {
                            }
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 3 && in != null) {
                        if (in.equals("disk")) {
                            disks.add(new DomainDevices.Disk(target, device, source));
                        } else {
                            nics.add(new DomainDevices.Nic(mac, type, source, model));
                        }
                        in = null;
                    }
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            throw new DriverException(-1, "cannot read the domain's XML description: " + e.getMessage(), e);
        }
        return new DomainDevices(disks, nics);
    }

    private static String attribute(XMLStreamReader r, String name, String fallback) {
        String v = r.getAttributeValue(null, name);
        return v == null ? fallback : v;
    }

    private static String firstOf(XMLStreamReader r, String... names) {
        for (String n : names) {
            String v = r.getAttributeValue(null, n);
            if (v != null) {
                return v;
            }
        }
        return "";
    }
}
