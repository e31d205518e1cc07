package dev.hpm.cim.model;

import dev.hpm.cim.ObjectPath;
import dev.hpm.cim.model.CimSource.Host;
import dev.hpm.cim.model.CimSource.Snapshot;
import dev.hpm.cim.model.CimSource.VirtualSystem;
import dev.hpm.cim.schema.ClassDef;
import dev.hpm.cim.schema.Schema;
import dev.hpm.core.driver.DomainDevices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The CIM instances of one {@link Snapshot}: built per class on first use and kept for the request.
 * Which class comes from what is in docs/cim.md; the associations are in {@link Links}.
 */
public final class Model {
    /** {@code RequestStateChange} values HPM carries out. */
    public static final List<Long> REQUESTABLE = List.of(2L, 3L, 4L, 9L, 10L, 11L);
    private final Schema schema;
    private final Snapshot snapshot;
    private final Map<String, Host> hosts = new HashMap<>();
    private final Map<VirtualSystem, String> names = new HashMap<>();
    private final Map<String, VirtualSystem> byName = new HashMap<>();
    private final Map<String, List<Instance>> built = new HashMap<>();
    private final Map<VirtualSystem, DomainDevices> devices = new HashMap<>();
    private final CimSource source;
    private final Map<String, Map<String, Instance>> index = new HashMap<>();
    private final Links links;

    public Model(Schema schema, Snapshot snapshot) {
        this(schema, snapshot, null);
    }

    /** A model whose disks and interfaces come from {@code source} (none if null). */
    public Model(Schema schema, Snapshot snapshot, CimSource source) {
        this.schema = schema;
        this.source = source;
        this.snapshot = snapshot;
        snapshot.hosts().forEach(h -> hosts.put(h.id(), h));
        Map<String, Integer> counts = new HashMap<>();
        snapshot.systems().forEach(v -> counts.merge(v.name(), 1, Integer::sum));
        for (VirtualSystem v : snapshot.systems()) {
            String name = counts.get(v.name()) == 1 ? v.name() : v.name() + "@" + hostOf(v).name();
            names.put(v, name);
            byName.put(name, v);
        }
        this.links = new Links(this);
    }

    public Schema schema() {
        return schema;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /**
     * The CIM name of a virtual system: its domain name, or {@code NAME@HOST} if another host has a
     * domain of that name too.
     */
    public String nameOf(VirtualSystem v) {
        return names.get(v);
    }

    /** The virtual system a {@code KVM_ComputerSystem} path names, or null. */
    public VirtualSystem system(ObjectPath path) {
        Object name = path.key("Name");
        return name == null ? null : byName.get(name.toString());
    }

    /** The system's disks and interfaces, asked of the source once per request. */
    DomainDevices devicesOf(VirtualSystem v) {
        return source == null ? DomainDevices.NONE : devices.computeIfAbsent(v, source::devices);
    }

    Host hostOf(VirtualSystem v) {
        Host h = hosts.get(v.host());
        return h != null ? h : new Host(v.host(), v.host(), 0, 0);
    }

    /** The instances of exactly this class (not its subclasses) in the namespace. */
    public List<Instance> instances(String namespace, ClassDef c) {
        String key = namespace + ":" + c.name().toLowerCase(Locale.ROOT);
        List<Instance> result = built.get(key);
        if (result == null) {
            result = c.association() ? links.instances(namespace, c) : build(namespace, c.name());
            built.put(key, result);
        }
        return result;
    }

    /** The instance at this path, or null. */
    public Instance find(ObjectPath path, String namespace) {
        String ns = path.namespace() == null ? namespace : path.namespace();
        ClassDef c = schema.find(ns, path.className()).orElse(null);
        if (c == null) {
            return null;
        }
        String key = ns + ":" + c.name().toLowerCase(Locale.ROOT);
        Map<String, Instance> byKeys = index.computeIfAbsent(key, k -> {
            Map<String, Instance> m = new HashMap<>();
            for (Instance i : instances(ns, c)) {
                m.put(canonical(i.path()), i);
            }
            return m;
        });
        Instance hit = byKeys.get(canonical(path));
        return hit != null && hit.path().same(path.withNamespace(ns)) ? hit : null;
    }

    private static String canonical(ObjectPath p) {
        List<String> parts = new ArrayList<>();
        p.keys().forEach((k, v) -> parts.add(k.toLowerCase(Locale.ROOT) + "=" + (v instanceof ObjectPath o ? canonical(o) : v)));
        parts.sort(null);
        return p.className().toLowerCase(Locale.ROOT) + parts;
    }

    private List<Instance> build(String namespace, String className) {
        return switch (className) {
            case "KVM_HostSystem" -> each(snapshot.hosts(), this::host);
            case "KVM_ComputerSystem" -> each(snapshot.systems(), this::computerSystem);
            case "KVM_Processor" -> devices(this::processors);
            case "KVM_Memory" -> each(snapshot.systems(), this::memory);
            case "KVM_VirtualSystemSettingData" -> each(snapshot.systems(), this::systemSettings);
            case "KVM_ProcResourceAllocationSettingData" -> each(snapshot.systems(), this::processorSettings);
            case "KVM_MemResourceAllocationSettingData" -> each(snapshot.systems(), this::memorySettings);
            case "KVM_ProcessorPool" -> each(snapshot.hosts(), h -> pool(Paths.processorPool(h), h, 3, "Processors",
                    h.cpus(), sum(h, VirtualSystem::vcpus)));
            case "KVM_MemoryPool" -> each(snapshot.hosts(), h -> pool(Paths.memoryPool(h), h, 4, "KiloBytes",
                    h.memoryKiB(), sum(h, VirtualSystem::memoryKiB)));
            case "KVM_VirtualSystemManagementService" -> each(snapshot.hosts(), this::service);
            case "KVM_EnabledLogicalElementCapabilities" -> each(snapshot.systems(), this::capabilities);
            case "CIM_RegisteredProfile" -> namespace.equals(Schema.INTEROP)
                    ? each(List.of(Paths.Profile.values()), this::profile) : List.of();
            case "HPM_WorkloadResourceGroup" -> each(snapshot.groups(), this::group);
            case "HPM_ServiceClass" -> each(snapshot.classes(), this::serviceClass);
            case "KVM_LogicalDisk" -> devices(v -> each(devicesOf(v).disks(), d -> disk(v, d)));
            case "KVM_NetworkPort" -> devices(v -> each(devicesOf(v).nics(), n -> networkPort(v, n)));
            case "KVM_DiskResourceAllocationSettingData" -> devices(v -> each(devicesOf(v).disks(), d -> diskSettings(v, d)));
            case "KVM_NetResourceAllocationSettingData" -> devices(v -> each(devicesOf(v).nics(), n -> networkSettings(v, n)));
            default -> List.of();
        };
    }

    private static <T> List<Instance> each(List<T> items, Function<T, Instance> f) {
        List<Instance> result = new ArrayList<>(items.size());
        for (T t : items) {
            result.add(f.apply(t));
        }
        return result;
    }

    private List<Instance> devices(Function<VirtualSystem, List<Instance>> f) {
        List<Instance> result = new ArrayList<>();
        snapshot.systems().forEach(v -> result.addAll(f.apply(v)));
        return result;
    }

    private long sum(Host h, java.util.function.ToLongFunction<VirtualSystem> f) {
        return snapshot.systems().stream().filter(v -> v.host().equals(h.id())).mapToLong(f).sum();
    }

    private static Instance instance(ObjectPath path, Object... values) {
        Map<String, Object> m = new LinkedHashMap<>(path.keys());
        for (int i = 0; i < values.length; i += 2) {
            m.put((String) values[i], values[i + 1]);
        }
        return new Instance(path, m);
    }

    private Instance host(Host h) {
        return instance(Paths.host(h), "Caption", "Host System", "ElementName", h.name(), "Description", h.id(),
                "EnabledState", 2L, "RequestedState", 12L, "OperationalStatus", List.of(2L), "HealthState", 5L,
                "Dedicated", List.of(0L), "NumberOfProcessors", (long) h.cpus(), "MemoryKiB", h.memoryKiB());
    }

    /** libvirt's domain state as DMTF's EnabledState (2 enabled, 3 disabled, 4 shutting down, 9 quiesce). */
    public static long enabledState(int libvirtState) {
        return switch (libvirtState) {
            case 1, 2 -> 2L;
            case 3 -> 9L;
            case 4 -> 4L;
            case 5, 6 -> 3L;
            case 7 -> 6L;
            default -> 0L;
        };
    }

    private Instance computerSystem(VirtualSystem v) {
        long state = enabledState(v.state());
        return instance(Paths.system(nameOf(v)), "Caption", "Virtual System", "Description", "Virtual System",
                "ElementName", v.name(), "UUID", v.uuid(), "EnabledState", state, "RequestedState", 12L,
                "EnabledDefault", 2L, "OperationalStatus", List.of(state == 3L ? 10L : state == 0L ? 0L : 2L),
                "HealthState", 5L, "Dedicated", List.of(0L));
    }

    private List<Instance> processors(VirtualSystem v) {
        List<Instance> result = new ArrayList<>(v.vcpus());
        for (int i = 0; i < v.vcpus(); i++) {
            result.add(instance(Paths.processor(nameOf(v), i), "ElementName", nameOf(v) + " vCPU " + i,
                    "EnabledState", enabledState(v.state()), "HealthState", 5L,
                    "LoadPercentage", v.usingPercent() < 0 ? null : (long) v.usingPercent()));
        }
        return result;
    }

    private Instance memory(VirtualSystem v) {
        return instance(Paths.memory(nameOf(v)), "ElementName", nameOf(v) + " memory", "EnabledState",
                enabledState(v.state()), "HealthState", 5L, "BlockSize", 1024L, "NumberOfBlocks", v.memoryKiB());
    }

    private Instance disk(VirtualSystem v, DomainDevices.Disk d) {
        return instance(Paths.disk(nameOf(v), d.target()), "ElementName", d.target(), "Description", d.device(),
                "Name", d.source(), "EnabledState", enabledState(v.state()), "HealthState", 5L);
    }

    private Instance networkPort(VirtualSystem v, DomainDevices.Nic n) {
        return instance(Paths.networkPort(nameOf(v), n.mac()), "ElementName", n.mac(), "PermanentAddress",
                n.mac().replace(":", "").toUpperCase(java.util.Locale.ROOT), "EnabledState", enabledState(v.state()),
                "HealthState", 5L);
    }

    private Instance diskSettings(VirtualSystem v, DomainDevices.Disk d) {
        return instance(Paths.diskSettings(nameOf(v), d.target()), "ElementName", nameOf(v) + " " + d.target(),
                "ResourceType", 17L, "Address", d.source(), "VirtualDevice", d.target(), "EmulatedType", d.device());
    }

    private Instance networkSettings(VirtualSystem v, DomainDevices.Nic n) {
        return instance(Paths.networkSettings(nameOf(v), n.mac()), "ElementName", nameOf(v) + " " + n.mac(),
                "ResourceType", 10L, "Address", n.mac(), "NetworkType", n.type(), "NetworkName", n.source(),
                "ResourceSubType", n.model());
    }

    private Instance systemSettings(VirtualSystem v) {
        return instance(Paths.systemSettings(nameOf(v)), "Caption", "Virtual System", "ElementName", v.name(),
                "VirtualSystemIdentifier", v.name(), "VirtualSystemType", "KVM", "UUID", v.uuid());
    }

    private Instance processorSettings(VirtualSystem v) {
        return instance(Paths.processorSettings(nameOf(v)), "ElementName", nameOf(v) + " processors",
                "ResourceType", 3L, "PoolID", Paths.processorPool(hostOf(v)).key("InstanceID"),
                "AllocationUnits", "Processors", "VirtualQuantity", (long) v.vcpus(), "Reservation", 0L,
                "Limit", v.capPercent() < 0 ? null : v.capPercent(), "Weight", v.shares() < 0 ? null : v.shares());
    }

    private Instance memorySettings(VirtualSystem v) {
        return instance(Paths.memorySettings(nameOf(v)), "ElementName", nameOf(v) + " memory", "ResourceType", 4L,
                "PoolID", Paths.memoryPool(hostOf(v)).key("InstanceID"), "AllocationUnits", "KiloBytes",
                "VirtualQuantity", v.memoryKiB(), "Reservation", 0L, "Limit", v.memoryKiB());
    }

    private static Instance pool(ObjectPath path, Host h, long type, String units, long capacity, long reserved) {
        return instance(path, "ElementName", path.key("InstanceID"), "PoolID", path.key("InstanceID"),
                "Primordial", true, "Capacity", capacity, "Reserved", reserved, "ResourceType", type,
                "AllocationUnits", units, "Description", "on " + h.name());
    }

    private Instance service(Host h) {
        return instance(Paths.service(h), "Caption", "Virtual System Management Service", "ElementName",
                Paths.SERVICE_NAME, "EnabledState", 2L, "RequestedState", 12L, "HealthState", 5L,
                "OperationalStatus", List.of(2L));
    }

    private Instance capabilities(VirtualSystem v) {
        return instance(Paths.capabilities(nameOf(v)), "ElementName", nameOf(v), "RequestedStatesSupported",
                REQUESTABLE, "ElementNameEditSupported", false);
    }

    private Instance profile(Paths.Profile p) {
        return instance(Paths.profile(p), "ElementName", p.title(), "RegisteredOrganization", 2L,
                "RegisteredName", p.title(), "RegisteredVersion", p.version(), "AdvertiseTypes", List.of(3L));
    }

    private Instance group(CimSource.Group g) {
        return instance(Paths.group(g.name()), "ElementName", g.name(), "Description", g.description(),
                "Importance", (long) g.importance(), "Servers", (long) g.servers(), "Velocity", real(g.velocity()),
                "PerformanceIndex", real(g.pi()));
    }

    private Instance serviceClass(CimSource.ServiceClass c) {
        return instance(Paths.serviceClass(c.group(), c.name()), "ElementName", c.name(), "Description",
                c.description(), "WorkloadResourceGroup", c.group(), "Goal", c.goal(),
                "GoalVelocity", (long) c.goalVelocity(), "Importance", (long) c.importance(),
                "Servers", (long) c.servers(), "Velocity", real(c.velocity()), "PerformanceIndex", real(c.pi()));
    }

    private static Double real(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }
}
