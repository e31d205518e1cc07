package dev.hpm.cim.model;

import dev.hpm.cim.ObjectPath;
import dev.hpm.cim.model.CimSource.Host;
import dev.hpm.cim.model.CimSource.VirtualSystem;
import dev.hpm.cim.schema.ClassDef;
import dev.hpm.cim.schema.PropertyDef;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The association instances: each links two object paths under the association's two reference
 * properties, in the order the class declares them (e.g. {@code KVM_HostedDependency}: the host is
 * the {@code Antecedent}, the virtual system the {@code Dependent}).
 * {@code KVM_ElementConformsToProfile} crosses namespaces: the profile is in {@code root/interop},
 * the element in {@code root/virt}; it is served in both.
 */
final class Links {
    private final Model model;

    Links(Model model) {
        this.model = model;
    }

    List<Instance> instances(String namespace, ClassDef association) {
        List<ObjectPath[]> pairs = pairs(association.name());
        List<PropertyDef> refs = model.schema().references(association);
        List<Instance> result = new ArrayList<>(pairs.size());
        for (ObjectPath[] p : pairs) {
            Map<String, Object> keys = new LinkedHashMap<>();
            keys.put(refs.get(0).name(), p[0]);
            keys.put(refs.get(1).name(), p[1]);
            result.add(new Instance(new ObjectPath(namespace, association.name(), keys), keys));
        }
        return result;
    }

    private List<ObjectPath[]> pairs(String association) {
        List<ObjectPath[]> out = new ArrayList<>();
        List<VirtualSystem> systems = model.snapshot().systems();
        List<Host> hosts = model.snapshot().hosts();
        switch (association) {
            case "KVM_SystemDevice" -> systems.forEach(v -> {
                String n = model.nameOf(v);
                for (int i = 0; i < v.vcpus(); i++) {
                    out.add(pair(Paths.system(n), Paths.processor(n, i)));
                }
                out.add(pair(Paths.system(n), Paths.memory(n)));
                model.devicesOf(v).disks().forEach(d -> out.add(pair(Paths.system(n), Paths.disk(n, d.target()))));
                model.devicesOf(v).nics().forEach(c -> out.add(pair(Paths.system(n), Paths.networkPort(n, c.mac()))));
            });
            case "KVM_HostedDependency" -> systems.forEach(v ->
                    out.add(pair(Paths.host(model.hostOf(v)), Paths.system(model.nameOf(v)))));
            case "KVM_SettingsDefineState" -> systems.forEach(v -> {
                String n = model.nameOf(v);
                out.add(pair(Paths.system(n), Paths.systemSettings(n)));
                for (int i = 0; i < v.vcpus(); i++) {
                    out.add(pair(Paths.processor(n, i), Paths.processorSettings(n)));
                }
                out.add(pair(Paths.memory(n), Paths.memorySettings(n)));
                model.devicesOf(v).disks().forEach(d -> out.add(pair(Paths.disk(n, d.target()), Paths.diskSettings(n, d.target()))));
                model.devicesOf(v).nics().forEach(c -> out.add(pair(Paths.networkPort(n, c.mac()), Paths.networkSettings(n, c.mac()))));
            });
            case "KVM_VirtualSystemSettingDataComponent" -> systems.forEach(v -> {
                String n = model.nameOf(v);
                out.add(pair(Paths.systemSettings(n), Paths.processorSettings(n)));
                out.add(pair(Paths.systemSettings(n), Paths.memorySettings(n)));
                model.devicesOf(v).disks().forEach(d -> out.add(pair(Paths.systemSettings(n), Paths.diskSettings(n, d.target()))));
                model.devicesOf(v).nics().forEach(c -> out.add(pair(Paths.systemSettings(n), Paths.networkSettings(n, c.mac()))));
            });
            case "KVM_ElementAllocatedFromPool" -> systems.forEach(v -> {
                String n = model.nameOf(v);
                Host h = model.hostOf(v);
                for (int i = 0; i < v.vcpus(); i++) {
                    out.add(pair(Paths.processorPool(h), Paths.processor(n, i)));
                }
                out.add(pair(Paths.memoryPool(h), Paths.memory(n)));
            });
            case "KVM_HostedResourcePool" -> hosts.forEach(h -> {
                out.add(pair(Paths.host(h), Paths.processorPool(h)));
                out.add(pair(Paths.host(h), Paths.memoryPool(h)));
            });
            case "KVM_HostedService" -> hosts.forEach(h -> out.add(pair(Paths.host(h), Paths.service(h))));
            case "KVM_ElementCapabilities" -> systems.forEach(v ->
                    out.add(pair(Paths.system(model.nameOf(v)), Paths.capabilities(model.nameOf(v)))));
            case "KVM_ElementConformsToProfile" -> {
                ObjectPath virtualization = Paths.profile(Paths.Profile.SYSTEM_VIRTUALIZATION);
                ObjectPath virtualSystem = Paths.profile(Paths.Profile.VIRTUAL_SYSTEM);
                hosts.forEach(h -> out.add(pair(virtualization, Paths.host(h))));
                systems.forEach(v -> out.add(pair(virtualSystem, Paths.system(model.nameOf(v)))));
            }
            case "HPM_MemberOfServiceClass" -> systems.stream().filter(v -> v.serviceClass() != null).forEach(v ->
                    out.add(pair(Paths.serviceClass(v.group(), v.serviceClass()), Paths.system(model.nameOf(v)))));
            case "HPM_MemberOfWorkloadResourceGroup" -> systems.stream().filter(v -> v.group() != null).forEach(v ->
                    out.add(pair(Paths.group(v.group()), Paths.system(model.nameOf(v)))));
            case "HPM_ServiceClassOfGroup" -> model.snapshot().classes().forEach(c ->
                    out.add(pair(Paths.group(c.group()), Paths.serviceClass(c.group(), c.name()))));
            default -> {
            }
        }
        return out;
    }

    private static ObjectPath[] pair(ObjectPath a, ObjectPath b) {
        return new ObjectPath[] {a, b};
    }

}
