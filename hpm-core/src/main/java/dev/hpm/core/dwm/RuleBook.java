package dev.hpm.core.dwm;

import dev.hpm.core.dwm.DwmPolicy.HostRule;
import dev.hpm.core.dwm.DwmPolicy.ServerGroup;
import dev.hpm.core.dwm.DwmPolicy.Strength;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy's rules indexed by server: whether a server may run on a host (must rules, never
 * broken) and what a placement costs in broken should rules (VMware DRS's "must/should run on"
 * VM–host rules and VM–VM affinity and anti-affinity). A must affinity group keeps its members
 * where the others are: a member moves only onto a host holding every other placed member.
 */
final class RuleBook {
    /**
     * Cost of one broken should rule in the planner's objective, in CPU units of fit: more than any
     * host's free capacity, so that a host keeping the rule wins whenever one fits (as DRS treats
     * should rules: kept unless that would overload a host), and fit decides among the rest.
     */
    static final double SHOULD_COST = 1000.0;

    private final Map<String, List<HostRule>> hostRules = new HashMap<>();
    private final Map<String, List<ServerGroup>> groups = new HashMap<>();

    RuleBook(DwmPolicy.Rules rules) {
        for (HostRule r : rules.hostRules()) {
            hostRules.computeIfAbsent(r.server(), k -> new ArrayList<>()).add(r);
        }
        for (ServerGroup g : rules.groups()) {
            for (String s : g.servers()) {
                groups.computeIfAbsent(s, k -> new ArrayList<>()).add(g);
            }
        }
    }

    boolean isEmpty() {
        return hostRules.isEmpty() && groups.isEmpty();
    }

    /** The must rule that running {@code server} on host {@code h} would break, if any. */
    Optional<String> mustBreak(PoolState state, String server, int h) {
        String host = state.hosts[h].id();
        for (HostRule r : hostRules.getOrDefault(server, List.of())) {
            if (r.strength() == Strength.MUST && !r.allows(host)) {
                return Optional.of("must rule " + r.name() + " (" + (r.avoid() ? "never on " : "only on ")
                        + String.join(", ", r.hosts().stream().sorted().toList()) + ")");
            }
        }
        for (ServerGroup g : groups.getOrDefault(server, List.of())) {
            if (g.strength() == Strength.MUST && !keeps(state, g, server, h)) {
                return Optional.of("must " + (g.anti() ? "anti-affinity" : "affinity") + " group " + g.name());
            }
        }
        return Optional.empty();
    }

    /** Broken should rules if {@code server} runs on host {@code h}. */
    int shouldBroken(PoolState state, String server, int h) {
        int n = 0;
        String host = state.hosts[h].id();
        for (HostRule r : hostRules.getOrDefault(server, List.of())) {
            if (r.strength() == Strength.SHOULD && !r.allows(host)) {
                n++;
            }
        }
        for (ServerGroup g : groups.getOrDefault(server, List.of())) {
            if (g.strength() == Strength.SHOULD && !keeps(state, g, server, h)) {
                n++;
            }
        }
        return n;
    }

    private static boolean keeps(PoolState state, ServerGroup g, String server, int h) {
        for (String other : g.servers()) {
            if (other.equals(server)) {
                continue;
            }
            Integer o = state.serverIndex.get(other);
            if (o == null || state.hostOf[o] < 0) {
                continue;
            }
            boolean same = state.hostOf[o] == h;
            if (g.anti() == same) {
                return false;
            }
        }
        return true;
    }
}
