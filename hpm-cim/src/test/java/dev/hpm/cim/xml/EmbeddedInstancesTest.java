package dev.hpm.cim.xml;

import dev.hpm.cim.CimException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedInstancesTest {
    @Test
    void parse_mof_givesClassAndValues() {
        var p = EmbeddedInstances.parse("instance of KVM_ProcResourceAllocationSettingData { InstanceID = \"web-1/proc\"; "
                + "Weight = 512; Limit = 150; };");
        assertThat(p.className()).isEqualTo("KVM_ProcResourceAllocationSettingData");
        assertThat(p.values()).containsEntry("InstanceID", "web-1/proc").containsEntry("Weight", "512").containsEntry("Limit", "150");
    }

    @Test
    void parse_mofWithShellEscapedQuotes_readsThemAsQuotes() {
        var p = EmbeddedInstances.parse("instance of X { InstanceID = \\\"a;b/proc\\\"; Weight = 2; };");
        assertThat(p.values()).containsEntry("InstanceID", "a;b/proc").containsEntry("Weight", "2");
    }

    @Test
    void parse_cimXml_givesClassAndValues() {
        var p = EmbeddedInstances.parse("<INSTANCE CLASSNAME=\"KVM_ProcResourceAllocationSettingData\"><PROPERTY NAME=\"InstanceID\" "
                + "TYPE=\"string\"><VALUE>web-1/proc</VALUE></PROPERTY><PROPERTY NAME=\"Weight\" TYPE=\"uint32\"><VALUE>300</VALUE>"
                + "</PROPERTY></INSTANCE>");
        assertThat(p.className()).isEqualTo("KVM_ProcResourceAllocationSettingData");
        assertThat(p.values()).containsEntry("Weight", "300");
    }

    @Test
    void parse_cimXmlWithDtd_isRefused() {
        assertThatThrownBy(() -> EmbeddedInstances.parse("<!DOCTYPE INSTANCE [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<INSTANCE CLASSNAME=\"X\">&x;</INSTANCE>"))
                .isInstanceOf(CimException.class).hasMessageContaining("DTD");
    }

    @Test
    void parse_garbage_isAnInvalidParameter() {
        assertThatThrownBy(() -> EmbeddedInstances.parse("Weight=5"))
                .isInstanceOf(CimException.class).extracting(e -> ((CimException) e).code())
                .isEqualTo(CimException.INVALID_PARAMETER);
    }
}
