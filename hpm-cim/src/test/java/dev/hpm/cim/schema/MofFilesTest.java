package dev.hpm.cim.schema;

import dev.hpm.cim.CimType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The MOF files of HPM's classes say what the server serves: superclass, keys, property names and types. */
class MofFilesTest {
    private static final List<String> FILES = List.of("HPM_WorkloadResourceGroup.mof", "HPM_ServiceClass.mof",
            "HPM_Associations.mof");
    private static final Pattern CLASS = Pattern.compile("(?s)class\\s+(\\w+)\\s*:\\s*(\\w+)\\s*\\{(.*?)};");
    private static final Pattern PROPERTY = Pattern.compile("(?s)(\\[[^\\]]*])?\\s*(\\w+)\\s+(REF\\s+)?(\\w+)\\s*;");

    /** A property as the MOF declares it: type (or reference class), key. */
    record Declared(String type, boolean key) {
    }

    @Test
    void mof_everyHpmClass_matchesTheSchema() throws IOException {
        Map<String, Map<String, Declared>> mof = new LinkedHashMap<>();
        Map<String, String> superclasses = new LinkedHashMap<>();
        for (String file : FILES) {
            try (InputStream in = MofFilesTest.class.getResourceAsStream("/mof/" + file)) {
                assertThat(in).as(file).isNotNull();
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("//[^\n]*", "");
                Matcher c = CLASS.matcher(text);
                while (c.find()) {
                    superclasses.put(c.group(1), c.group(2));
                    Map<String, Declared> properties = new LinkedHashMap<>();
                    Matcher p = PROPERTY.matcher(c.group(3).replaceAll("\\(\"[^)]*\\)", "()"));
                    while (p.find()) {
                        boolean key = p.group(1) != null && p.group(1).contains("Key");
                        properties.put(p.group(4), new Declared(p.group(2), key)); // a type, or the class a REF names
                    }
                    mof.put(c.group(1), properties);
                }
            }
        }
        Schema schema = Classes.schema();
        List<String> served = new ArrayList<>();
        schema.all().stream().filter(c -> c.name().startsWith("HPM_")).forEach(c -> served.add(c.name()));
        assertThat(mof.keySet()).containsExactlyInAnyOrderElementsOf(served);
        for (String name : served) {
            ClassDef c = schema.require(Schema.VIRT, name);
            assertThat(superclasses.get(name)).as(name + "'s superclass").isEqualTo(c.superclass());
            Map<String, Declared> expected = new LinkedHashMap<>();
            for (PropertyDef p : c.local()) {
                expected.put(p.name(), new Declared(p.type() == CimType.REFERENCE ? p.refClass() : p.type().cimName(), p.key()));
            }
            assertThat(mof.get(name)).as(name).isEqualTo(expected);
        }
    }
}
