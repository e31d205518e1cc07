package dev.hpm.core.dwm;

import dev.hpm.core.model.Names;
import dev.hpm.core.model.Problems;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A pool's DWM policy: the mode, ConVirt's even-distribution and power-save settings, migration
 * limits, the per-server cool-down, maintenance behaviour, the demand headroom packing uses, and
 * the placement rules. Defaults and why are in docs/dwm.md. {@link #problems} checks it in one
 * place and names every problem.
 *
 * @param cooldown  how long a server that moved is not moved again by even distribution or power
 *                  save (maintenance and must rules still move it)
 */
public record DwmPolicy(DwmMode mode, EvenDistribution evenDistribution, PowerSave powerSave, MigrationLimits migration,
                        Duration cooldown, Maintenance maintenance, Headroom headroom, Rules rules) {

    /** HPM's defaults: automatic, 80 % for 5 min, power save below 70 % for 5 min with one reserve host. */
    public static final DwmPolicy DEFAULT = new DwmPolicy(DwmMode.AUTOMATIC, EvenDistribution.DEFAULT, PowerSave.DEFAULT,
            MigrationLimits.DEFAULT, Duration.ofMinutes(30), Maintenance.DEFAULT, Headroom.DEFAULT, Rules.NONE);

    public DwmPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(evenDistribution, "evenDistribution");
        Objects.requireNonNull(powerSave, "powerSave");
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(maintenance, "maintenance");
        Objects.requireNonNull(headroom, "headroom");
        Objects.requireNonNull(rules, "rules");
    }

    /**
     * A host is <em>loaded</em> when its CPU utilisation stays at or above {@code threshold} percent
     * for {@code duration} (ConVirt's two settings).
     */
    public record EvenDistribution(boolean enabled, int threshold, Duration duration, List<TimeWindow> schedule) {
        public static final EvenDistribution DEFAULT = new EvenDistribution(true, 80, Duration.ofMinutes(5), List.of());

        public EvenDistribution {
            schedule = List.copyOf(schedule);
        }

        public double fraction() {
            return threshold / 100.0;
        }
    }

    /**
     * Consolidate when the pool's utilisation (demand over the capacity of powered hosts) stays
     * below {@code threshold} percent for {@code duration}; keep {@code reserveHosts} powered hosts
     * beyond what the demand needs. Outside the schedule (when one is given) power save does not
     * consolidate and powers hosts back on.
     */
    public record PowerSave(boolean enabled, int threshold, Duration duration, int reserveHosts,
                            List<TimeWindow> schedule) {
        public static final PowerSave DEFAULT = new PowerSave(true, 70, Duration.ofMinutes(5), 1, List.of());

        public PowerSave {
            schedule = List.copyOf(schedule);
        }

        public double fraction() {
            return threshold / 100.0;
        }
    }

    /**
     * At most {@code perHost} migrations in or out of one host and {@code perPool} in the pool at once
     * (in flight and planned); {@code bandwidthMbps} is the MB/s a live migration copies at, which
     * gives its duration (CloudSim uses half of a 1 Gbit/s link, 62.5 MB/s).
     */
    public record MigrationLimits(int perHost, int perPool, double bandwidthMbps) {
        public static final MigrationLimits DEFAULT = new MigrationLimits(4, 256, 62.5);

        /** Seconds a live migration of {@code memoryMb} takes. */
        public double seconds(long memoryMb) {
            return memoryMb / bandwidthMbps;
        }
    }

    /** What happens to a host's servers when it enters maintenance, and whether they return. */
    public record Maintenance(Action action, boolean migrateBack) {
        public static final Maintenance DEFAULT = new Maintenance(Action.MIGRATE, true);

        public enum Action {
            MIGRATE, SHUTDOWN;

            public String label() {
                return Names.label(this);
            }
        }

        public Maintenance {
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * How much CPU a server is packed with: its mean demand over {@code window} plus {@code sigmas}
     * standard deviations; on a host the deviations add as independent ones do (the square root of
     * the sum of variances), the "effective size" of stochastic bin packing (M. Wang, X. Meng,
     * L. Zhang, "Consolidating virtual machines with dynamic bandwidth demand in data centers",
     * INFOCOM 2011). {@code sigmas} 0 packs by the last demand alone.
     */
    public record Headroom(Duration window, double sigmas) {
        public static final Headroom DEFAULT = new Headroom(Duration.ofHours(1), 1.0);
    }

    /** Must or should. */
    public enum Strength {
        MUST, SHOULD;

        public String label() {
            return Names.label(this);
        }
    }

    /** Servers kept together (affinity) or apart (anti-affinity). */
    public record ServerGroup(String name, Set<String> servers, boolean anti, Strength strength) {
        public ServerGroup {
            Objects.requireNonNull(name, "name");
            servers = Set.copyOf(servers);
            Objects.requireNonNull(strength, "strength");
        }
    }

    /** A server runs on one of {@code hosts} ({@code avoid} false) or on none of them ({@code avoid} true). */
    public record HostRule(String name, String server, Set<String> hosts, boolean avoid, Strength strength) {
        public HostRule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(server, "server");
            hosts = Set.copyOf(hosts);
            Objects.requireNonNull(strength, "strength");
        }

        /** True if running on {@code host} keeps this rule. */
        public boolean allows(String host) {
            return hosts.contains(host) != avoid;
        }
    }

    public record Rules(List<ServerGroup> groups, List<HostRule> hostRules) {
        public static final Rules NONE = new Rules(List.of(), List.of());

        public Rules {
            groups = List.copyOf(groups);
            hostRules = List.copyOf(hostRules);
        }
    }

    public DwmPolicy withMode(DwmMode value) {
        return new DwmPolicy(value, evenDistribution, powerSave, migration, cooldown, maintenance, headroom, rules);
    }

    public DwmPolicy withEvenDistribution(EvenDistribution value) {
        return new DwmPolicy(mode, value, powerSave, migration, cooldown, maintenance, headroom, rules);
    }

    public DwmPolicy withPowerSave(PowerSave value) {
        return new DwmPolicy(mode, evenDistribution, value, migration, cooldown, maintenance, headroom, rules);
    }

    public DwmPolicy withMigration(MigrationLimits value) {
        return new DwmPolicy(mode, evenDistribution, powerSave, value, cooldown, maintenance, headroom, rules);
    }

    public DwmPolicy withCooldown(Duration value) {
        return new DwmPolicy(mode, evenDistribution, powerSave, migration, value, maintenance, headroom, rules);
    }

    public DwmPolicy withMaintenance(Maintenance value) {
        return new DwmPolicy(mode, evenDistribution, powerSave, migration, cooldown, value, headroom, rules);
    }

    public DwmPolicy withHeadroom(Headroom value) {
        return new DwmPolicy(mode, evenDistribution, powerSave, migration, cooldown, maintenance, value, rules);
    }

    public DwmPolicy withRules(Rules value) {
        return new DwmPolicy(mode, evenDistribution, powerSave, migration, cooldown, maintenance, headroom, value);
    }

    /**
     * Every problem with this policy for a pool of {@code hosts} (host ids), each naming the field,
     * the value and the fix, e.g. {@code even-distribution.threshold is 120: use 1 to 100 (percent)}.
     */
    public Problems problems(Collection<String> hosts) {
        Problems p = new Problems();
        percent(p, "even-distribution.threshold", evenDistribution.threshold);
        positive(p, "even-distribution.duration", evenDistribution.duration);
        percent(p, "power-save.threshold", powerSave.threshold);
        positive(p, "power-save.duration", powerSave.duration);
        if (powerSave.enabled && evenDistribution.enabled && powerSave.threshold >= evenDistribution.threshold) {
            p.add("power-save.threshold", powerSave.threshold, "use less than even-distribution.threshold ("
                    + evenDistribution.threshold + "), or the pool would consolidate onto loaded hosts");
        }
        if (powerSave.reserveHosts < 0) {
            p.add("power-save.reserve-hosts", powerSave.reserveHosts, "use 0 or more");
        } else if (powerSave.reserveHosts >= Math.max(hosts.size(), 1)) {
            p.add("power-save.reserve-hosts", powerSave.reserveHosts,
                    "use fewer than the pool's " + hosts.size() + " hosts");
        }
        if (migration.perHost < 1) {
            p.add("migration.per-host", migration.perHost, "use 1 or more");
        }
        if (migration.perPool < 1) {
            p.add("migration.per-pool", migration.perPool, "use 1 or more");
        }
        if (!(migration.bandwidthMbps > 0)) {
            p.add("migration.bandwidth", migration.bandwidthMbps, "use more than 0 (MB/s)");
        }
        if (cooldown.isNegative()) {
            p.add("cooldown", cooldown, "use 0 or more");
        }
        positive(p, "headroom.window", headroom.window);
        if (!(headroom.sigmas >= 0 && headroom.sigmas <= 10)) {
            p.add("headroom.sigmas", headroom.sigmas, "use 0 to 10 (standard deviations)");
        }
        checkRules(p, Set.copyOf(hosts));
        return p;
    }

    /** Throws an {@code InvalidDefinitionException} naming every problem. */
    public DwmPolicy validate(Collection<String> hosts) {
        problems(hosts).throwIfAny();
        return this;
    }

    private void checkRules(Problems p, Set<String> hosts) {
        for (int i = 0; i < rules.hostRules.size(); i++) {
            HostRule r = rules.hostRules.get(i);
            String field = "rules.host-rules[" + r.name + "]";
            if (r.hosts.isEmpty()) {
                p.add(field + ".hosts", "", "name at least one host");
            }
            for (String h : r.hosts) {
                if (!hosts.contains(h)) {
                    p.add(field + ".hosts", h, "no such host in the pool");
                }
            }
        }
        Set<String> together = new HashSet<>();
        for (ServerGroup g : rules.groups) {
            if (g.servers.size() < 2) {
                p.add("rules.groups[" + g.name + "].servers", g.servers.size(), "name at least two servers");
            }
            if (!g.anti) {
                pairs(g, (a, b) -> together.add(a + "\u0000" + b));
            }
        }
        for (ServerGroup g : rules.groups) {
            if (g.anti) {
                pairs(g, (a, b) -> {
                    if (together.contains(a + "\u0000" + b)) {
                        p.add("rules.groups[" + g.name + "]", a + ", " + b,
                                "the pair is also in an affinity group: keep it apart or together, not both");
                    }
                });
            }
        }
    }

    private static void pairs(ServerGroup g, java.util.function.BiConsumer<String, String> pair) {
        List<String> sorted = g.servers.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                pair.accept(sorted.get(i), sorted.get(j));
            }
        }
    }

    private static void percent(Problems p, String field, int value) {
        if (value < 1 || value > 100) {
            p.add(field, value, "use 1 to 100 (percent)");
        }
    }

    private static void positive(Problems p, String field, Duration value) {
        if (value.isNegative() || value.isZero()) {
            p.add(field, value, "use a duration above 0");
        }
    }
}
