package dev.hpm.core.cpu;

import dev.hpm.core.model.ManagementLevel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Enforces a workload resource group's CPU maximum as caps (docs/cpu-manager.md, after WLM resource-group
 * maxima): on each host the group's maximum is split over its managed servers in proportion to
 * their vCPUs, and each server gets a CFS bandwidth cap of its part. A server of a group without
 * a maximum keeps its cap, unless HPM set it, in which case its cap from before HPM comes back.
 */
final class GroupCaps {
    private GroupCaps() {
    }

    static double[] desired(HostView view, ShareLedger ledger) {
        List<VsView> servers = view.servers();
        Map<String, Integer> vcpusPerGroup = new HashMap<>();
        for (VsView v : servers) {
            if (v.level() == ManagementLevel.MANAGE && view.groupMaximum().containsKey(v.serviceClass().key().group())) {
                vcpusPerGroup.merge(v.serviceClass().key().group(), Math.max(v.vcpus(), 1), Integer::sum);
            }
        }
        double[] caps = new double[servers.size()];
        for (int i = 0; i < caps.length; i++) {
            VsView v = servers.get(i);
            String group = v.serviceClass().key().group();
            Double maximum = view.groupMaximum().get(group);
            if (v.level() != ManagementLevel.MANAGE) {
                caps[i] = v.capCpus();
            } else if (maximum != null) {
                double part = maximum * Math.max(v.vcpus(), 1) / vcpusPerGroup.get(group);
                caps[i] = Math.abs(part - v.capCpus()) <= 0.005 * part ? v.capCpus() : part;
            } else {
                caps[i] = ledger.original(v.uuid()).map(ShareLedger.Original::capCpus).orElse(v.capCpus());
            }
        }
        return caps;
    }
}
