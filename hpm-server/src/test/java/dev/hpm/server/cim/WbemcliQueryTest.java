package dev.hpm.server.cim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's sblim-wbemcli 1.6.3 against a live {@code hpm serve} on the simulated demo pool (three
 * hosts, sixteen virtual servers): class and instance enumeration, polymorphism, GetInstance with
 * a property list, GetClass, every association in both directions with {@code -ac} and
 * {@code -arc}, and profile discovery from {@code root/interop} into {@code root/virt}. Each case
 * asserts what wbemcli prints and its exit code.
 */
@Tag("wbem")
class WbemcliQueryTest {
    private static CimFixture cim;

    @BeforeAll
    static void start() {
        cim = new CimFixture();
    }

    @AfterAll
    static void stop() {
        if (cim != null) {
            cim.close();
        }
    }

    @Test
    void ecn_computerSystem_listsHostAndVirtualSystemClasses() {
        Wbemcli.Result r = Wbemcli.run("ecn", cim.admin("root/virt:CIM_ComputerSystem"));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.lines()).containsExactlyInAnyOrder("127.0.0.1:" + cim.port() + "/root/virt:KVM_HostSystem",
                "127.0.0.1:" + cim.port() + "/root/virt:KVM_ComputerSystem");
    }

    @Test
    void ecn_rootVirtWithoutClass_listsTopClasses() {
        Wbemcli.Result r = Wbemcli.run("ecn", cim.admin("root/virt"));
        assertThat(r.exit()).as(r.all()).isZero();
        // wbemcli asks with DeepInheritance: every class of the namespace, the HPM ones included
        assertThat(r.out()).contains(":CIM_ManagedElement\n", ":CIM_Component\n", ":KVM_ComputerSystem\n",
                ":HPM_ServiceClass\n", ":KVM_ElementConformsToProfile\n").doesNotContain("CIM_RegisteredProfile");
    }

    @Test
    void ec_computerSystem_showsTheSubclassesWithTheirProperties() {
        Wbemcli.Result r = Wbemcli.run("ec", cim.admin("root/virt:CIM_System"));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("root/virt:CIM_ComputerSystem ").contains("Dedicated=");
    }

    @Test
    void ein_computerSystems_namesEveryServerOfTheRestApi() {
        Wbemcli.Result r = Wbemcli.run("ein", cim.admin("root/virt:KVM_ComputerSystem"));
        assertThat(r.exit()).as(r.all()).isZero();
        int rest = cim.server.http.get("/virtual-servers", cim.server.admin).json().get("virtual-servers").size();
        assertThat(rest).isEqualTo(16);
        assertThat(r.lines()).hasSize(rest).allMatch(l -> l.matches(
                "127\\.0\\.0\\.1:\\d+/root/virt:KVM_ComputerSystem\\.CreationClassName=\"KVM_ComputerSystem\",Name=\"[a-z0-9-]+\""));
        assertThat(r.out()).contains("Name=\"trade-1\"", "Name=\"shop-db-3\"", "Name=\"scratch-1\"");
    }

    @Test
    void ei_virtualSystem_showsStateAndUuid() {
        Wbemcli.Result r = Wbemcli.run("ei", cim.admin("root/virt:KVM_ComputerSystem"));
        assertThat(r.exit()).as(r.all()).isZero();
        String trade = r.lines().stream().filter(l -> l.contains("Name=\"trade-1\" ")).findFirst().orElseThrow();
        assertThat(trade).contains("EnabledState=2", "ElementName=\"trade-1\"", "Caption=\"Virtual System\"")
                .containsPattern("UUID=\"[0-9a-f-]{36}\"");
    }

    @Test
    void ei_polymorphic_cimComputerSystemReturnsHostsAndVirtualSystems() {
        Wbemcli.Result r = Wbemcli.run("ei", cim.admin("root/virt:CIM_ComputerSystem"));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.lines()).hasSize(3 + 16);
        assertThat(r.lines().stream().filter(l -> l.contains(":KVM_HostSystem.")).count()).isEqualTo(3);
        // deep inheritance: the host's own properties are there too
        assertThat(r.out()).contains("NumberOfProcessors=4", "MemoryKiB=67108864");
    }

    @Test
    void gi_propertyList_returnsOnlyThoseProperties() {
        Wbemcli.Result r = Wbemcli.run("gi", cim.admin(CimFixture.system("report-2")), "Name,EnabledState");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out().strip()).endsWith("Name=\"report-2\",EnabledState=2");
        assertThat(r.out()).doesNotContain("Caption", "UUID");
    }

    @Test
    void gi_processorSettings_weightIsTheServersCpuShares() {
        Wbemcli.Result r = Wbemcli.run("gi", cim.admin("root/virt:KVM_ProcResourceAllocationSettingData.InstanceID=\"trade-2/proc\""));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("ResourceType=3", "VirtualQuantity=2", "PoolID=\"ProcessorPool/sim-")
                .containsPattern("Weight=\\d+").containsPattern("Limit=\\d+");
    }

    @Test
    void ei_disksAndInterfaces_oneEachPerSimulatedServer() {
        Wbemcli.Result disks = Wbemcli.run("ei", cim.admin("root/virt:KVM_LogicalDisk"));
        assertThat(disks.exit()).as(disks.all()).isZero();
        assertThat(disks.lines()).hasSize(16).allMatch(l -> l.matches(".*DeviceID=\"[a-z0-9-]+/vda\".*"));
        Wbemcli.Result settings = Wbemcli.run("gi", cim.admin("root/virt:KVM_DiskResourceAllocationSettingData.InstanceID=\"batch-2/vda\""));
        assertThat(settings.exit()).as(settings.all()).isZero();
        assertThat(settings.out()).contains("ResourceType=17", "Address=\"/var/lib/libvirt/images/batch-2.qcow2\"", "VirtualDevice=\"vda\"");
        Wbemcli.Result nics = Wbemcli.run("ei", cim.admin("root/virt:KVM_NetResourceAllocationSettingData"));
        assertThat(nics.exit()).as(nics.all()).isZero();
        assertThat(nics.lines()).hasSize(16).allMatch(l -> l.contains("ResourceType=10") && l.contains("NetworkName=\"default\"")
                && l.matches(".*Address=\"52:54:00(:[0-9a-f]{2}){3}\".*"));
        Wbemcli.Result ports = Wbemcli.run("ein", cim.admin("root/virt:CIM_LogicalDevice"));
        assertThat(ports.lines()).as("polymorphic: 2 vCPUs (1 for scratch-1), memory, disk, interface").hasSize(15 * 5 + 4);
    }

    @Test
    void gc_computerSystem_showsInheritedKeys() {
        Wbemcli.Result r = Wbemcli.run("gc", "-t", cim.admin("root/virt:KVM_ComputerSystem"));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("CreationClassName#", "Name#", "EnabledState", "UUID");
    }

    @Test
    void gp_enabledState_isAValue() {
        Wbemcli.Result r = Wbemcli.run("gp", cim.admin(CimFixture.system("shop-web-1")), "EnabledState");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out().strip()).isEqualTo("2");
    }

    /** Each association from one end, with -ac and with -arc, and back from the other end. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "KVM_SystemDevice|" + "root/virt:KVM_ComputerSystem.CreationClassName=\"KVM_ComputerSystem\",Name=\"trade-1\"|KVM_Processor|2",
            "KVM_HostedDependency|root/virt:KVM_HostSystem.CreationClassName=\"KVM_HostSystem\",Name=\"sim-1\"|KVM_ComputerSystem|-1",
            "KVM_SystemDevice|root/virt:KVM_ComputerSystem.CreationClassName=\"KVM_ComputerSystem\",Name=\"trade-1\"|KVM_LogicalDisk|1",
            "KVM_SystemDevice|root/virt:KVM_ComputerSystem.CreationClassName=\"KVM_ComputerSystem\",Name=\"trade-1\"|KVM_NetworkPort|1",
            "KVM_SettingsDefineState|root/virt:KVM_LogicalDisk.SystemCreationClassName=\"KVM_ComputerSystem\",SystemName=\"trade-2\",CreationClassName=\"KVM_LogicalDisk\",DeviceID=\"trade-2/vda\"|KVM_DiskResourceAllocationSettingData|1",
            "KVM_VirtualSystemSettingDataComponent|root/virt:KVM_VirtualSystemSettingData.InstanceID=\"KVM:trade-2\"|KVM_NetResourceAllocationSettingData|1",
            "KVM_SettingsDefineState|root/virt:KVM_ComputerSystem.CreationClassName=\"KVM_ComputerSystem\",Name=\"trade-1\"|KVM_VirtualSystemSettingData|1",
            "KVM_VirtualSystemSettingDataComponent|root/virt:KVM_VirtualSystemSettingData.InstanceID=\"KVM:trade-1\"|KVM_ProcResourceAllocationSettingData|1",
            "KVM_ElementAllocatedFromPool|root/virt:KVM_ProcessorPool.InstanceID=\"ProcessorPool/sim-1\"|KVM_Processor|-1",
            "KVM_HostedResourcePool|root/virt:KVM_HostSystem.CreationClassName=\"KVM_HostSystem\",Name=\"sim-2\"|KVM_MemoryPool|1",
            "KVM_HostedService|root/virt:KVM_HostSystem.CreationClassName=\"KVM_HostSystem\",Name=\"sim-3\"|KVM_VirtualSystemManagementService|1",
            "KVM_ElementCapabilities|root/virt:KVM_ComputerSystem.CreationClassName=\"KVM_ComputerSystem\",Name=\"batch-1\"|KVM_EnabledLogicalElementCapabilities|1",
            "KVM_ElementConformsToProfile|root/interop:CIM_RegisteredProfile.InstanceID=\"CIM:DSP1057-VirtualSystem-1.0.0a\"|KVM_ComputerSystem|16",
            "HPM_MemberOfServiceClass|root/virt:HPM_ServiceClass.InstanceID=\"HPM:class/WebShop/database\"|KVM_ComputerSystem|3",
            "HPM_MemberOfWorkloadResourceGroup|root/virt:HPM_WorkloadResourceGroup.InstanceID=\"HPM:group/Trading\"|KVM_ComputerSystem|3",
            "HPM_ServiceClassOfGroup|root/virt:HPM_WorkloadResourceGroup.InstanceID=\"HPM:group/WebShop\"|HPM_ServiceClass|2",
    })
    void ainAndAi_association_leadsToTheOtherEndAndBack(String association, String source, String resultClass, int expected) {
        Wbemcli.Result names = Wbemcli.run("ain", "-ac", association, cim.admin(source));
        assertThat(names.exit()).as(names.all()).isZero();
        List<String> all = names.lines();
        assertThat(all).isNotEmpty();
        if (expected >= 0) {
            assertThat(all.stream().filter(l -> l.contains(":" + resultClass + ".")).count()).isEqualTo(expected);
        }
        Wbemcli.Result instances = Wbemcli.run("ai", "-ac", association, "-arc", resultClass, cim.admin(source));
        assertThat(instances.exit()).as(instances.all()).isZero();
        assertThat(instances.lines()).isNotEmpty().allMatch(l -> l.contains(":" + resultClass + "."));
        if (expected >= 0) {
            assertThat(instances.lines()).hasSize(expected);
        }
        // and back: the first result leads to the source through the same association
        String back = all.stream().filter(l -> l.contains(":" + resultClass + ".")).findFirst().orElseThrow();
        Wbemcli.Result returned = Wbemcli.run("ain", "-ac", association, cim.adminPath(back));
        assertThat(returned.exit()).as(returned.all()).isZero();
        assertThat(returned.out()).contains(source.substring(source.indexOf(':') + 1));
    }

    @Test
    void rin_hostedDependency_hostIsTheAntecedent() {
        Wbemcli.Result r = Wbemcli.run("rin", "-arc", "KVM_HostedDependency", cim.admin(CimFixture.system("trade-1")));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.lines()).hasSize(1);
        String link = r.lines().getFirst();
        assertThat(link).containsPattern("Antecedent=[^,]*KVM_HostSystem\\.CreationClassName=\"KVM_HostSystem\",Name=\"sim-\\d\",Dependent=[^,]*KVM_ComputerSystem\\.");
    }

    @Test
    void ri_systemDevice_rolesFilterTheLinks() {
        Wbemcli.Result r = Wbemcli.run("ri", "-ar", "GroupComponent", cim.admin(CimFixture.system("shop-db-1")));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.lines()).as("2 vCPUs, memory, disk, interface").hasSize(5).allMatch(l -> l.contains(":KVM_SystemDevice."));
        Wbemcli.Result none = Wbemcli.run("rin", "-arc", "KVM_SystemDevice", "-ar", "PartComponent",
                cim.admin(CimFixture.system("shop-db-1")));
        assertThat(none.exit()).as(none.all()).isZero();
        assertThat(none.lines()).isEmpty();
    }

    @Test
    void ain_profileDiscovery_fromInteropIntoVirt() {
        Wbemcli.Result profiles = Wbemcli.run("ei", cim.admin("root/interop:CIM_RegisteredProfile"));
        assertThat(profiles.exit()).as(profiles.all()).isZero();
        assertThat(profiles.out()).contains("RegisteredName=\"System Virtualization\",RegisteredVersion=\"1.0.0\"",
                "RegisteredName=\"Virtual System\",RegisteredVersion=\"1.0.0a\"",
                "RegisteredName=\"Profile Registration\"");
        String virtualization = profiles.lines().stream().filter(l -> l.contains("DSP1042")).findFirst().orElseThrow();
        String path = virtualization.substring(0, virtualization.indexOf(' '));
        Wbemcli.Result hosts = Wbemcli.run("ain", "-ac", "CIM_ElementConformsToProfile", "-arc", "CIM_ComputerSystem",
                cim.adminPath(path));
        assertThat(hosts.exit()).as(hosts.all()).isZero();
        assertThat(hosts.lines()).hasSize(3).allMatch(l -> l.contains("/root/virt:KVM_HostSystem."));
        // from a host in root/virt back to its profile in root/interop
        Wbemcli.Result back = Wbemcli.run("ai", "-ac", "KVM_ElementConformsToProfile", cim.adminPath(hosts.lines().getFirst()));
        assertThat(back.exit()).as(back.all()).isZero();
        assertThat(back.out()).contains("/root/interop:CIM_RegisteredProfile.InstanceID=\"CIM:DSP1042-SystemVirtualization-1.0.0\"");
    }

    @Test
    void ei_serviceClasses_showGoalImportanceVelocityAndPi() {
        cim.server.awaitIntervals(1);
        Wbemcli.Result r = Wbemcli.run("ei", cim.admin("root/virt:HPM_ServiceClass"));
        assertThat(r.exit()).as(r.all()).isZero();
        String online = r.lines().stream().filter(l -> l.contains("HPM:class/Trading/online")).findFirst().orElseThrow();
        assertThat(online).contains("Goal=\"fast\"", "Importance=1", "Servers=3", "WorkloadResourceGroup=\"Trading\"")
                .containsPattern("GoalVelocity=\\d+").containsPattern("Velocity=[0-9.E-]+").containsPattern("PerformanceIndex=[0-9.E-]+");
        String batch = r.lines().stream().filter(l -> l.contains("HPM:class/Batch/batch")).findFirst().orElseThrow();
        assertThat(batch).contains("Goal=\"discretionary\"", "GoalVelocity=0", "Importance=0");
    }
}
