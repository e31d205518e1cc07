package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TagsMetadata}: the element HPM writes, and what it accepts when it reads one back. */
class TagsMetadataTest {
    private static final String NS = TagsMetadata.NAMESPACE;

    @Test
    void write_tagsWithMarkup_escapesThemAndReadsBack() {
        String xml = TagsMetadata.write(List.of("web", "a&b", "<x>"));
        assertThat(xml).isEqualTo("<tags><tag>web</tag><tag>a&amp;b</tag><tag>&lt;x&gt;</tag></tags>");
        // libvirt returns the element with its namespace declared
        String stored = "<hpm:tags xmlns:hpm=\"" + NS + "\"><hpm:tag>web</hpm:tag><hpm:tag>a&amp;b</hpm:tag>"
                + "<hpm:tag>&lt;x&gt;</hpm:tag></hpm:tags>";
        assertThat(TagsMetadata.read(stored)).containsExactly("web", "a&b", "<x>");
    }

    @Test
    void read_defaultNamespaceAndEmptyElement_readsNoneOrTheTags() {
        assertThat(TagsMetadata.read("<tags xmlns=\"" + NS + "\"/>")).isEmpty();
        // what virDomainGetMetadata returns: the element without its namespace
        assertThat(TagsMetadata.read("<tags>\n  <tag>w</tag>\n</tags>")).containsExactly("w");
        assertThat(TagsMetadata.read("<tags xmlns=\"" + NS + "\">\n  <tag>db</tag>\n</tags>")).containsExactly("db");
    }

    @Test
    void read_entityDeclaration_isRefused() {
        String bomb = "<!DOCTYPE tags [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                + "<tags xmlns=\"" + NS + "\"><tag>&b;</tag></tags>";
        assertThatThrownBy(() -> TagsMetadata.read(bomb)).isInstanceOf(DriverException.class)
                .hasMessageContaining("HPM metadata").hasMessageContaining("hpm vs-update --tags");
    }

    @Test
    void read_wrongNamespaceOrElement_isRefused() {
        assertThatThrownBy(() -> TagsMetadata.read("<tags xmlns=\"urn:other\"><tag>web</tag></tags>"))
                .isInstanceOf(DriverException.class).hasMessageContaining("is not in " + NS);
        assertThatThrownBy(() -> TagsMetadata.read("<tags xmlns=\"" + NS + "\"><label>web</label></tags>"))
                .isInstanceOf(DriverException.class).hasMessageContaining("unexpected element <label>");
    }

    @Test
    void read_tagBreakingTheRuleOrTooLong_isRefused() {
        assertThatThrownBy(() -> TagsMetadata.read("<tags xmlns=\"" + NS + "\"><tag> web</tag></tags>"))
                .isInstanceOf(DriverException.class).hasMessageContaining("\" web\" breaks the tag rule");
        String huge = "<tags xmlns=\"" + NS + "\">" + "<tag>x</tag>".repeat(2000) + "</tags>";
        assertThatThrownBy(() -> TagsMetadata.read(huge)).isInstanceOf(DriverException.class)
                .hasMessageContaining("more than " + TagsMetadata.MAX_CHARS);
        StringBuilder many = new StringBuilder("<tags xmlns=\"" + NS + "\">");
        for (int i = 0; i <= dev.hpm.core.model.Tags.MAX_TAGS; i++) {
            many.append("<tag>t").append(i).append("</tag>");
        }
        assertThatThrownBy(() -> TagsMetadata.read(many.append("</tags>").toString()))
                .isInstanceOf(DriverException.class).hasMessageContaining("more than 32 tags");
    }

    @Test
    void write_controlCharacter_isRefused() {
        assertThatThrownBy(() -> TagsMetadata.write(List.of("a\u0001b"))).isInstanceOf(DriverException.class);
    }
}
