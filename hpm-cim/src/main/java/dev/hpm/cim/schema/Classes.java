package dev.hpm.cim.schema;

import static dev.hpm.cim.CimType.BOOLEAN;
import static dev.hpm.cim.CimType.DATETIME;
import static dev.hpm.cim.CimType.REAL64;
import static dev.hpm.cim.CimType.STRING;
import static dev.hpm.cim.CimType.UINT16;
import static dev.hpm.cim.CimType.UINT32;
import static dev.hpm.cim.CimType.UINT64;
import static dev.hpm.cim.schema.ClassBuilder.embeddedInstances;
import static dev.hpm.cim.schema.ClassBuilder.in;
import static dev.hpm.cim.schema.ClassBuilder.outRef;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The classes HPM serves: the part of the DMTF CIM schema (2.x) the System Virtualization
 * (DSP1042), Virtual System (DSP1057) and Profile Registration (DSP1033) profiles use, libvirt-cim's
 * {@code KVM_} classes on top of them, and HPM's own {@code HPM_} classes for workload resource
 * groups and service classes (their MOF is in {@code hpm-cim/src/main/resources/mof}). Only the
 * properties HPM fills are declared. See docs/cim.md.
 */
public final class Classes {
    private static final Schema SCHEMA = build();

    private Classes() {
    }

    /** The schema, built once. */
    public static Schema schema() {
        return SCHEMA;
    }

    private static Schema build() {
        Schema s = new Schema();
        Set<String> both = Schema.BOTH;
        def(s, "CIM_ManagedElement", null, c -> c.abstractClass().in(both).prop("Caption", STRING)
                .prop("Description", STRING).prop("ElementName", STRING));
        def(s, "CIM_ManagedSystemElement", "CIM_ManagedElement", c -> c.abstractClass().in(both).prop("Name", STRING)
                .array("OperationalStatus", UINT16).prop("HealthState", UINT16));
        def(s, "CIM_LogicalElement", "CIM_ManagedSystemElement", c -> c.abstractClass().in(both));
        def(s, "CIM_EnabledLogicalElement", "CIM_LogicalElement", c -> c.abstractClass().in(both)
                .prop("EnabledState", UINT16).prop("RequestedState", UINT16).prop("EnabledDefault", UINT16)
                .method("RequestStateChange", UINT32, in("RequestedState", UINT16),
                        outRef("Job", "CIM_ConcreteJob", false), in("TimeoutPeriod", DATETIME)));
        def(s, "CIM_System", "CIM_EnabledLogicalElement", c -> c.abstractClass().in(both)
                .key("CreationClassName", STRING).key("Name", STRING).prop("NameFormat", STRING)
                .prop("PrimaryOwnerName", STRING));
        def(s, "CIM_ComputerSystem", "CIM_System", c -> c.in(both).array("Dedicated", UINT16));
        def(s, "KVM_HostSystem", "CIM_ComputerSystem", c -> c.in(both)
                .prop("NumberOfProcessors", UINT32, "the host's CPUs").prop("MemoryKiB", UINT64, "the host's memory"));
        def(s, "KVM_ComputerSystem", "CIM_ComputerSystem", c -> c.prop("UUID", STRING));
        def(s, "CIM_LogicalDevice", "CIM_EnabledLogicalElement", c -> c.abstractClass()
                .key("SystemCreationClassName", STRING).key("SystemName", STRING)
                .key("CreationClassName", STRING).key("DeviceID", STRING));
        def(s, "CIM_Processor", "CIM_LogicalDevice", c -> c.abstractClass().prop("LoadPercentage", UINT16));
        def(s, "KVM_Processor", "CIM_Processor", c -> c);
        def(s, "CIM_StorageExtent", "CIM_LogicalDevice", c -> c.abstractClass().prop("BlockSize", UINT64)
                .prop("NumberOfBlocks", UINT64));
        def(s, "CIM_Memory", "CIM_StorageExtent", c -> c.abstractClass());
        def(s, "KVM_Memory", "CIM_Memory", c -> c);
        def(s, "CIM_LogicalDisk", "CIM_StorageExtent", c -> c.abstractClass());
        def(s, "KVM_LogicalDisk", "CIM_LogicalDisk", c -> c);
        def(s, "CIM_LogicalPort", "CIM_LogicalDevice", c -> c.abstractClass());
        def(s, "CIM_NetworkPort", "CIM_LogicalPort", c -> c.abstractClass().prop("PermanentAddress", STRING));
        def(s, "KVM_NetworkPort", "CIM_NetworkPort", c -> c);
        def(s, "CIM_SettingData", "CIM_ManagedElement", c -> c.abstractClass().key("InstanceID", STRING));
        def(s, "CIM_VirtualSystemSettingData", "CIM_SettingData", c -> c.abstractClass()
                .prop("VirtualSystemIdentifier", STRING).prop("VirtualSystemType", STRING));
        def(s, "KVM_VirtualSystemSettingData", "CIM_VirtualSystemSettingData", c -> c.prop("UUID", STRING));
        def(s, "CIM_ResourceAllocationSettingData", "CIM_SettingData", c -> c.abstractClass()
                .prop("ResourceType", UINT16).prop("PoolID", STRING).prop("AllocationUnits", STRING)
                .prop("VirtualQuantity", UINT64).prop("Reservation", UINT64).prop("Limit", UINT64)
                .prop("Weight", UINT32).prop("Address", STRING));
        def(s, "KVM_ProcResourceAllocationSettingData", "CIM_ResourceAllocationSettingData", c -> c);
        def(s, "KVM_MemResourceAllocationSettingData", "CIM_ResourceAllocationSettingData", c -> c);
        def(s, "KVM_DiskResourceAllocationSettingData", "CIM_ResourceAllocationSettingData", c -> c
                .prop("VirtualDevice", STRING).prop("EmulatedType", STRING));
        def(s, "KVM_NetResourceAllocationSettingData", "CIM_ResourceAllocationSettingData", c -> c
                .prop("NetworkType", STRING).prop("NetworkName", STRING).prop("ResourceSubType", STRING));
        def(s, "CIM_ResourcePool", "CIM_LogicalElement", c -> c.abstractClass().key("InstanceID", STRING)
                .prop("PoolID", STRING).prop("Primordial", BOOLEAN).prop("Capacity", UINT64).prop("Reserved", UINT64)
                .prop("ResourceType", UINT16).prop("AllocationUnits", STRING));
        def(s, "KVM_ProcessorPool", "CIM_ResourcePool", c -> c);
        def(s, "KVM_MemoryPool", "CIM_ResourcePool", c -> c);
        def(s, "CIM_Service", "CIM_EnabledLogicalElement", c -> c.abstractClass().in(both)
                .key("SystemCreationClassName", STRING).key("SystemName", STRING)
                .key("CreationClassName", STRING).key("Name", STRING));
        def(s, "CIM_VirtualSystemManagementService", "CIM_Service", c -> c.abstractClass()
                .method("ModifyResourceSettings", UINT32, embeddedInstances("ResourceSettings"),
                        outRef("ResultingResourceSettings", "CIM_ResourceAllocationSettingData", true),
                        outRef("Job", "CIM_ConcreteJob", false)));
        def(s, "KVM_VirtualSystemManagementService", "CIM_VirtualSystemManagementService", c -> c);
        def(s, "CIM_Capabilities", "CIM_ManagedElement", c -> c.abstractClass().key("InstanceID", STRING));
        def(s, "CIM_EnabledLogicalElementCapabilities", "CIM_Capabilities", c -> c.abstractClass()
                .array("RequestedStatesSupported", UINT16).prop("ElementNameEditSupported", BOOLEAN));
        def(s, "KVM_EnabledLogicalElementCapabilities", "CIM_EnabledLogicalElementCapabilities", c -> c);
        def(s, "CIM_RegisteredProfile", "CIM_ManagedElement", c -> c.in(Set.of(Schema.INTEROP))
                .key("InstanceID", STRING).prop("RegisteredOrganization", UINT16).prop("RegisteredName", STRING)
                .prop("RegisteredVersion", STRING).array("AdvertiseTypes", UINT16));
        def(s, "CIM_Collection", "CIM_ManagedElement", c -> c.abstractClass());
        def(s, "HPM_WorkloadResourceGroup", "CIM_Collection", c -> c.description("An HPM workload resource group")
                .key("InstanceID", STRING).prop("Importance", UINT16, "1 (highest) to 5 (lowest)")
                .prop("Servers", UINT32, "virtual systems classified into it")
                .prop("Velocity", REAL64, "execution velocity now, percent").prop("PerformanceIndex", REAL64,
                        "the worst PI among its service classes with a goal"));
        def(s, "HPM_ServiceClass", "CIM_Collection", c -> c.description("An HPM service class")
                .key("InstanceID", STRING).prop("WorkloadResourceGroup", STRING).prop("Goal", STRING,
                        "a velocity level (fastest ... slowest) or discretionary")
                .prop("GoalVelocity", UINT16, "percent, 0 for discretionary work")
                .prop("Importance", UINT16, "1 (highest) to 5 (lowest), 0 for discretionary work")
                .prop("Servers", UINT32).prop("Velocity", REAL64).prop("PerformanceIndex", REAL64));
        associations(s);
        return s;
    }

    private static void associations(Schema s) {
        Set<String> both = Schema.BOTH;
        def(s, "CIM_Component", null, c -> c.abstractClass().association().in(both)
                .ref("GroupComponent", "CIM_ManagedElement").ref("PartComponent", "CIM_ManagedElement"));
        def(s, "CIM_SystemComponent", "CIM_Component", c -> c.abstractClass().association()
                .ref("GroupComponent", "CIM_System").ref("PartComponent", "CIM_ManagedSystemElement"));
        def(s, "CIM_SystemDevice", "CIM_SystemComponent", c -> c.abstractClass().association()
                .ref("GroupComponent", "CIM_System").ref("PartComponent", "CIM_LogicalDevice"));
        def(s, "KVM_SystemDevice", "CIM_SystemDevice", UnaryOperator.identity());
        def(s, "CIM_HostedResourcePool", "CIM_SystemComponent", c -> c.abstractClass().association()
                .ref("GroupComponent", "CIM_System").ref("PartComponent", "CIM_ResourcePool"));
        def(s, "KVM_HostedResourcePool", "CIM_HostedResourcePool", UnaryOperator.identity());
        def(s, "KVM_VirtualSystemSettingDataComponent", "CIM_Component", c -> c.association()
                .ref("GroupComponent", "CIM_VirtualSystemSettingData")
                .ref("PartComponent", "CIM_ResourceAllocationSettingData"));
        def(s, "CIM_Dependency", null, c -> c.abstractClass().association().in(both)
                .ref("Antecedent", "CIM_ManagedElement").ref("Dependent", "CIM_ManagedElement"));
        def(s, "CIM_HostedDependency", "CIM_Dependency", c -> c.abstractClass().association());
        def(s, "KVM_HostedDependency", "CIM_HostedDependency", c -> c.association()
                .ref("Antecedent", "CIM_ComputerSystem").ref("Dependent", "CIM_ComputerSystem"));
        def(s, "CIM_HostedService", "CIM_HostedDependency", c -> c.abstractClass().association()
                .ref("Antecedent", "CIM_System").ref("Dependent", "CIM_Service"));
        def(s, "KVM_HostedService", "CIM_HostedService", UnaryOperator.identity());
        def(s, "CIM_ElementAllocatedFromPool", "CIM_Dependency", c -> c.abstractClass().association()
                .ref("Antecedent", "CIM_ResourcePool").ref("Dependent", "CIM_LogicalElement"));
        def(s, "KVM_ElementAllocatedFromPool", "CIM_ElementAllocatedFromPool", UnaryOperator.identity());
        def(s, "CIM_SettingsDefineState", null, c -> c.abstractClass().association()
                .ref("ManagedElement", "CIM_ManagedElement").ref("SettingData", "CIM_SettingData"));
        def(s, "KVM_SettingsDefineState", "CIM_SettingsDefineState", UnaryOperator.identity());
        def(s, "CIM_ElementCapabilities", null, c -> c.abstractClass().association()
                .ref("ManagedElement", "CIM_ManagedElement").ref("Capabilities", "CIM_Capabilities"));
        def(s, "KVM_ElementCapabilities", "CIM_ElementCapabilities", UnaryOperator.identity());
        def(s, "CIM_ElementConformsToProfile", null, c -> c.abstractClass().association().in(both)
                .ref("ConformantStandard", "CIM_RegisteredProfile").ref("ManagedElement", "CIM_ManagedElement"));
        def(s, "KVM_ElementConformsToProfile", "CIM_ElementConformsToProfile", c -> c.association().in(both));
        def(s, "CIM_MemberOfCollection", null, c -> c.abstractClass().association()
                .ref("Collection", "CIM_Collection").ref("Member", "CIM_ManagedElement"));
        def(s, "HPM_MemberOfServiceClass", "CIM_MemberOfCollection", c -> c.association()
                .description("A virtual system and the service class HPM classified it into")
                .ref("Collection", "HPM_ServiceClass").ref("Member", "KVM_ComputerSystem"));
        def(s, "HPM_MemberOfWorkloadResourceGroup", "CIM_MemberOfCollection", c -> c.association()
                .description("A virtual system and its workload resource group")
                .ref("Collection", "HPM_WorkloadResourceGroup").ref("Member", "KVM_ComputerSystem"));
        def(s, "HPM_ServiceClassOfGroup", "CIM_Component", c -> c.association()
                .description("A workload resource group and a service class of its policy")
                .ref("GroupComponent", "HPM_WorkloadResourceGroup").ref("PartComponent", "HPM_ServiceClass"));
    }

    private static void def(Schema s, String name, String superclass, UnaryOperator<ClassBuilder> body) {
        ClassBuilder b = new ClassBuilder(name, superclass);
        if (superclass != null && s.all().stream().anyMatch(c -> c.name().equals(superclass) && c.association())) {
            b.association();
        }
        s.add(body.apply(b).build());
    }
}
