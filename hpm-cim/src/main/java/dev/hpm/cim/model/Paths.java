package dev.hpm.cim.model;

import dev.hpm.cim.ObjectPath;
import dev.hpm.cim.model.CimSource.Host;
import dev.hpm.cim.schema.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object paths of HPM's instances, with libvirt-cim's keys and key formats: a virtual system is
 * {@code KVM_ComputerSystem.CreationClassName="KVM_ComputerSystem",Name="DOMAIN"}, its processors
 * {@code DeviceID="DOMAIN/0"} …, its settings {@code InstanceID="KVM:DOMAIN"} and
 * {@code "DOMAIN/proc"}, {@code "DOMAIN/mem"}. HPM serves several hosts, so pools are named
 * after their host ({@code ProcessorPool/HOST}) where libvirt-cim, serving one, says {@code ProcessorPool/0}.
 */
public final class Paths {
    public static final String COMPUTER_SYSTEM = "KVM_ComputerSystem";
    public static final String HOST_SYSTEM = "KVM_HostSystem";
    public static final String SERVICE_NAME = "Management Service";

    private Paths() {
    }

    static ObjectPath path(String namespace, String className, Object... keyValues) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            keys.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ObjectPath(namespace, className, keys);
    }

    public static ObjectPath host(Host h) {
        return path(Schema.VIRT, HOST_SYSTEM, "CreationClassName", HOST_SYSTEM, "Name", h.name());
    }

    /** {@code name} is the system's CIM name ({@link Model#nameOf}). */
    public static ObjectPath system(String name) {
        return path(Schema.VIRT, COMPUTER_SYSTEM, "CreationClassName", COMPUTER_SYSTEM, "Name", name);
    }

    static ObjectPath device(String className, String system, String id) {
        return path(Schema.VIRT, className, "SystemCreationClassName", COMPUTER_SYSTEM, "SystemName", system,
                "CreationClassName", className, "DeviceID", system + "/" + id);
    }

    public static ObjectPath processor(String system, int index) {
        return device("KVM_Processor", system, Integer.toString(index));
    }

    public static ObjectPath memory(String system) {
        return device("KVM_Memory", system, "mem");
    }

    public static ObjectPath disk(String system, String target) {
        return device("KVM_LogicalDisk", system, target);
    }

    public static ObjectPath networkPort(String system, String mac) {
        return device("KVM_NetworkPort", system, mac);
    }

    public static ObjectPath diskSettings(String system, String target) {
        return instanceId("KVM_DiskResourceAllocationSettingData", system + "/" + target);
    }

    public static ObjectPath networkSettings(String system, String mac) {
        return instanceId("KVM_NetResourceAllocationSettingData", system + "/" + mac);
    }

    static ObjectPath instanceId(String className, String id) {
        return path(Schema.VIRT, className, "InstanceID", id);
    }

    public static ObjectPath systemSettings(String system) {
        return instanceId("KVM_VirtualSystemSettingData", "KVM:" + system);
    }

    public static ObjectPath processorSettings(String system) {
        return instanceId("KVM_ProcResourceAllocationSettingData", system + "/proc");
    }

    public static ObjectPath memorySettings(String system) {
        return instanceId("KVM_MemResourceAllocationSettingData", system + "/mem");
    }

    public static ObjectPath processorPool(Host h) {
        return instanceId("KVM_ProcessorPool", "ProcessorPool/" + h.name());
    }

    public static ObjectPath memoryPool(Host h) {
        return instanceId("KVM_MemoryPool", "MemoryPool/" + h.name());
    }

    public static ObjectPath capabilities(String system) {
        return instanceId("KVM_EnabledLogicalElementCapabilities", system);
    }

    public static ObjectPath service(Host h) {
        return path(Schema.VIRT, "KVM_VirtualSystemManagementService", "SystemCreationClassName", HOST_SYSTEM,
                "SystemName", h.name(), "CreationClassName", "KVM_VirtualSystemManagementService", "Name", SERVICE_NAME);
    }

    public static ObjectPath profile(Profile p) {
        return path(Schema.INTEROP, "CIM_RegisteredProfile", "InstanceID", p.instanceId());
    }

    public static ObjectPath group(String name) {
        return instanceId("HPM_WorkloadResourceGroup", "HPM:group/" + name);
    }

    public static ObjectPath serviceClass(String group, String name) {
        return instanceId("HPM_ServiceClass", "HPM:class/" + group + "/" + name);
    }

    /** The DMTF profiles HPM implements, registered in {@code root/interop}. */
    public enum Profile {
        SYSTEM_VIRTUALIZATION("DSP1042", "System Virtualization", "1.0.0"),
        VIRTUAL_SYSTEM("DSP1057", "Virtual System", "1.0.0a"),
        PROFILE_REGISTRATION("DSP1033", "Profile Registration", "1.0.0");

        private final String dsp;
        private final String title;
        private final String version;

        Profile(String dsp, String title, String version) {
            this.dsp = dsp;
            this.title = title;
            this.version = version;
        }

        public String instanceId() {
            return "CIM:" + dsp + "-" + title.replace(" ", "") + "-" + version;
        }

        public String title() {
            return title;
        }

        public String version() {
            return version;
        }
    }
}
