package dev.hpm.core.cpu;

import dev.hpm.core.model.ManagementLevel;

import java.util.List;

/**
 * Enforces a workload resource group's CPU maximum as caps (docs/cpu-manager.md, after WLM resource-group
 * maxima): on each host the group's maximum is split over its managed servers by {@link GroupLimits}
 * (in proportion to their vCPUs), and each server gets a CFS bandwidth cap of its part. A server of a group without
 * a maximum keeps its cap, unless HPM set it, in which case its cap from before HPM comes back.
 */
final class GroupCaps {
    private GroupCaps() {
    }

    /** Each server's cap: its part of its group's maximum by {@link GroupLimits}, else as described above. */
    static double[] desired(HostView view, ShareLedger ledger, GroupLimits.Allowance limits) {
        List<VsView> servers = view.servers();
        double[] caps = new double[servers.size()];
        for (int i = 0; i < caps.length; i++) {
            VsView v = servers.get(i);
            double part = limits.cap()[i];
            if (v.level() != ManagementLevel.MANAGE) {
                caps[i] = v.capCpus();
            } else if (!Double.isInfinite(part)) {
                caps[i] = Math.abs(part - v.capCpus()) <= 0.005 * part ? v.capCpus() : part;
            } else {
                caps[i] = ledger.original(v.uuid()).map(ShareLedger.Original::capCpus).orElse(v.capCpus());
            }
        }
        return caps;
    }
}
