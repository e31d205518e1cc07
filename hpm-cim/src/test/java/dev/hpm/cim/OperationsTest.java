package dev.hpm.cim;

import dev.hpm.cim.model.CimSource;
import dev.hpm.cim.xml.CimRequest;
import dev.hpm.cim.xml.RequestReader;
import dev.hpm.core.driver.DomainAction;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intrinsic operations' flags as DSP0200 defines them, on a two-server inventory: the answers
 * wbemcli cannot ask for (it always sends LocalOnly FALSE and IncludeClassOrigin TRUE).
 */
class OperationsTest {
    private static final CimSource SOURCE = new CimSource() {
        @Override
        public Snapshot snapshot() {
            return new Snapshot(List.of(new Host("sim://h1", "h1", 8, 1 << 24)),
                    List.of(new VirtualSystem("00000000-0000-0000-0000-000000000001", "web-1", "sim://h1", 2, 1 << 20, 1,
                                    1024, 0, "Web", "front", "manage", 40),
                            new VirtualSystem("00000000-0000-0000-0000-000000000002", "db-1", "sim://h1", 4, 1 << 22, 3,
                                    2048, 150, "Web", "db", "monitor", -1)),
                    List.of(new Group("Web", "", 2, 2, 71.5, 0.9)),
                    List.of(new ServiceClass("Web", "front", "", "moderate", 50, 2, 1, 60, 0.83),
                            new ServiceClass("Web", "db", "", "fast", 70, 1, 1, Double.NaN, Double.NaN)));
        }

        @Override
        public void changeState(String user, VirtualSystem system, DomainAction action) {
        }

        @Override
        public void setProcessor(String user, VirtualSystem system, OptionalLong weight, OptionalLong limitPercent) {
        }
    };
    private final Operations operations = new Operations(SOURCE);

    private String call(String method, String params) {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"3\" "
                + "PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><IMETHODCALL NAME=\"" + method + "\"><LOCALNAMESPACEPATH>"
                + "<NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"virt\"/></LOCALNAMESPACEPATH>" + params
                + "</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>";
        CimRequest r = RequestReader.read(xml.getBytes(StandardCharsets.UTF_8));
        var answer = operations.answer(r, new Caller("admin", true), "h:5988");
        return StandardCharsets.UTF_8.decode(answer).toString();
    }

    private static String className(String name) {
        return "<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"" + name + "\"/></IPARAMVALUE>";
    }

    private static String flag(String name, boolean value) {
        return "<IPARAMVALUE NAME=\"" + name + "\"><VALUE>" + (value ? "TRUE" : "FALSE") + "</VALUE></IPARAMVALUE>";
    }

    @Test
    void enumerateInstances_deepInheritanceOff_givesOnlyTheRequestedClassesProperties() {
        String deep = call("EnumerateInstances", className("CIM_ComputerSystem") + flag("DeepInheritance", true));
        assertThat(deep).contains("INSTANCE CLASSNAME=\"KVM_HostSystem\"", "NAME=\"NumberOfProcessors\"", "NAME=\"UUID\"");
        String shallow = call("EnumerateInstances", className("CIM_ComputerSystem") + flag("DeepInheritance", false));
        assertThat(shallow).contains("INSTANCE CLASSNAME=\"KVM_HostSystem\"", "INSTANCE CLASSNAME=\"KVM_ComputerSystem\"",
                "NAME=\"Dedicated\"").doesNotContain("NumberOfProcessors", "NAME=\"UUID\"");
    }

    @Test
    void enumerateInstances_localOnly_givesOnlyWhatTheClassDeclares() {
        String local = call("EnumerateInstances", className("KVM_ComputerSystem") + flag("LocalOnly", true));
        assertThat(local).contains("NAME=\"UUID\"").doesNotContain("NAME=\"EnabledState\"", "NAME=\"Caption\"");
        assertThat(local).as("the keys stay in the instance's name").contains("<KEYBINDING NAME=\"Name\">");
    }

    @Test
    void getInstance_classOriginAndPropertyList() {
        String name = "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"KVM_ComputerSystem\">"
                + "<KEYBINDING NAME=\"CreationClassName\"><KEYVALUE>KVM_ComputerSystem</KEYVALUE></KEYBINDING>"
                + "<KEYBINDING NAME=\"Name\"><KEYVALUE>db-1</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>";
        String withOrigin = call("GetInstance", name + flag("IncludeClassOrigin", true)
                + "<IPARAMVALUE NAME=\"PropertyList\"><VALUE.ARRAY><VALUE>EnabledState</VALUE><VALUE>uuid</VALUE></VALUE.ARRAY></IPARAMVALUE>");
        assertThat(withOrigin).contains("<PROPERTY NAME=\"EnabledState\" TYPE=\"uint16\" CLASSORIGIN=\"CIM_EnabledLogicalElement\">"
                + "<VALUE>9</VALUE></PROPERTY>", "CLASSORIGIN=\"KVM_ComputerSystem\"").doesNotContain("Caption");
        String without = call("GetInstance", name);
        assertThat(without).doesNotContain("CLASSORIGIN").contains("NAME=\"Caption\"");
    }

    @Test
    void enumerateClasses_localOnlyAndDeepInheritance() {
        String direct = call("EnumerateClassNames", className("CIM_ComputerSystem"));
        assertThat(direct).contains("KVM_HostSystem", "KVM_ComputerSystem");
        String top = call("EnumerateClassNames", "");
        assertThat(top).contains("CIM_ManagedElement").doesNotContain("KVM_ComputerSystem");
        String local = call("GetClass", className("KVM_ComputerSystem"));
        assertThat(local).as("LocalOnly defaults to TRUE").contains("NAME=\"UUID\"").doesNotContain("RequestStateChange");
        String all = call("GetClass", className("KVM_ComputerSystem") + flag("LocalOnly", false));
        assertThat(all).contains("<METHOD NAME=\"RequestStateChange\" TYPE=\"uint32\">", "<QUALIFIER NAME=\"Key\"");
    }

    @Test
    void answers_neverSelfCloseAndHaveAPlainDeclaration() {
        String answer = call("EnumerateInstances", className("HPM_ServiceClass"));
        assertThat(answer).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n").doesNotContain("/>", "<!--", "standalone");
        assertThat(answer).contains("<PROPERTY NAME=\"Velocity\" TYPE=\"real64\"></PROPERTY>", "<VALUE>0.83</VALUE>");
        assertThat(call("EnumerateInstances", className("KVM_LogicalDisk"))).contains("<IRETURNVALUE></IRETURNVALUE>");
    }
}
