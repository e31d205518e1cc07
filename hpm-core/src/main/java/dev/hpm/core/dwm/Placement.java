package dev.hpm.core.dwm;

import dev.hpm.core.model.ClassInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Where a server can go: the destination search every function uses, and the ranking of hosts
 * for a described new server that an operator reads. A host is a candidate when it is on,
 * reachable and not in maintenance, the server fits (CPU below the loaded threshold with
 * headroom, its vCPUs, memory), no must rule is broken and, goal-aware, no work at least as
 * important as the server is projected off its goal there. Among candidates the tightest fit wins
 * (best-fit decreasing, as power-aware placement does: A. Beloglazov and R. Buyya, CCPE 24(13),
 * 2012; A. Verma, P. Ahuja, A. Neogi, "pMapper", Middleware 2008), weighed against the host's idle
 * watts per CPU unit (pMapper's power-efficiency order), each broken should rule costing
 * {@link RuleBook#SHOULD_COST}; an empty host is taken only when no host in use fits, the most
 * CPU per idle watt first. Hosts are visited by free headroom from an ordered index, so a
 * search costs O(log hosts) plus the hosts rejected on the way.
 */
public final class Placement {
    /** Fitting hosts compared, tightest first, before the best of them is taken. */
    private static final int LOOK_FURTHER = 8;
    /**
     * CPU units of fit one idle watt per CPU unit is worth: a PlanetLab G4 (23.1 W per unit idle)
     * is taken over a G5 (17.6 W) only if it fits 1.1 units tighter, so that load gathers on the
     * hosts whose capacity costs least to keep on and the others empty first.
     */
    static final double EFFICIENCY_WEIGHT = 0.2;

    private final PoolState state;
    private final RuleBook rules;
    private final boolean goalAware;

    Placement(PoolState state, RuleBook rules, boolean goalAware) {
        this.state = state;
        this.rules = rules;
        this.goalAware = goalAware;
    }

    /** A new server to place: what is known of it before it runs. */
    public record NewServer(String id, int vcpus, double maxCpu, long memoryMb, double demand, long shares,
                            ClassInfo serviceClass) {
    }

    /**
     * One candidate host's rank and why: free CPU units after placing (headroom below the loaded
     * threshold), memory left, vCPUs per physical CPU, should rules broken, the worst projected PI
     * of goal work at least as important, and a sentence.
     */
    public record HostRank(String host, int rank, double score, double freeCpuAfter, long freeMemoryMbAfter,
                           double vcpuOvercommit, int shouldBroken, double worstPiAfter, String why) {
    }

    /** A host that is not a candidate, and why. */
    public record NotCandidate(String host, String why) {
    }

    /** Every host of the pool: candidates best first, then the others with their reasons. */
    public record Ranking(List<HostRank> candidates, List<NotCandidate> excluded) {
        public Ranking {
            candidates = List.copyOf(candidates);
            excluded = List.copyOf(excluded);
        }
    }

    /** Why server {@code s} may not go to host {@code h}, empty if it may. */
    Optional<String> refusal(int s, int h) {
        PoolHost host = state.hosts[h];
        if (host.maintenance()) {
            return Optional.of("in maintenance");
        }
        if (!host.reachable()) {
            return Optional.of("unreachable");
        }
        if (host.power() != PowerState.ON) {
            return Optional.of("powered " + host.power().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (!state.open[h]) {
            return Optional.of("being emptied by this plan");
        }
        if (!state.fits(s, h)) {
            return Optional.of(fitProblem(s, h));
        }
        Optional<String> must = rules.mustBreak(state, state.servers[s].id(), h);
        if (must.isPresent()) {
            return Optional.of("would break " + must.get());
        }
        if (goalAware && pushesOffGoal(s, h)) {
            GoalProjection.Worst worst = state.worst(h, s, -1, state.servers[s].serviceClass());
            return Optional.of(String.format(Locale.ROOT, "would put work of importance %s or higher off its goal: %s (%s) "
                            + "projected at PI %.2f", state.servers[s].serviceClass().importance().label(),
                    worst.serviceClass().key(), worst.serviceClass().goalText(), worst.pi()));
        }
        return Optional.empty();
    }

    private String fitProblem(int s, int h) {
        PoolHost host = state.hosts[h];
        PoolServer v = state.servers[s];
        if (state.memory[h] + v.memoryMb() > host.memoryMb()) {
            return "memory: " + (host.memoryMb() - state.memory[h]) + " MB free, " + v.memoryMb() + " MB needed";
        }
        double need = state.headroomDemand(s);
        if (need > v.vcpus() * state.perCpu(h) + 1e-9) {
            return String.format(Locale.ROOT, "%d vCPUs get at most %.2f CPU units here, %.2f needed", v.vcpus(),
                    v.vcpus() * state.perCpu(h), need);
        }
        return String.format(Locale.ROOT, "would be loaded: %.0f %% with headroom, threshold %.0f %%",
                100 * state.headroomLoad(h, s) / host.capacity(), 100 * state.target);
    }

    /** True if placing {@code s} on {@code h} is projected to push goal work at least as important off its goal. */
    boolean pushesOffGoal(int s, int h) {
        if (state.load[h] + state.reserved[h] + state.demand[s] <= state.hosts[h].capacity()
                && state.demand[s] <= state.servers[s].vcpus() * state.perCpu(h)) {
            return false; // unsaturated: every server gets its demand, so every velocity stays as it was
        }
        ClassInfo c = state.servers[s].serviceClass();
        double after = state.worstPi(h, s, -1, c);
        return after > 1 && after > state.worstPi(h, -1, -1, c) + 1e-9;
    }

    /**
     * The best destination for server {@code s} other than its host, among hosts {@code allowed}
     * accepts and within the migration limits; -1 if there is none.
     */
    int destination(int s, PlanBuilder plan, IntPredicate allowed) {
        int from = state.hostOf[s];
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        int seen = 0;
        for (long key : state.withFree(state.mean[s])) {
            int h = PoolState.hostOfKey(key);
            if (!acceptable(s, h, from, plan, allowed)) {
                continue;
            }
            double score = score(s, h);
            if (score < bestScore) {
                best = h;
                bestScore = score;
            }
            if (++seen >= LOOK_FURTHER) {
                break;
            }
        }
        if (best >= 0) {
            return best;
        }
        for (long key : state.emptyHosts()) {
            int h = PoolState.hostOfKey(key);
            if (acceptable(s, h, from, plan, allowed)) {
                return h;
            }
        }
        return -1;
    }

    /**
     * A destination for a move that must happen (maintenance, a must rule, a goal missed): the
     * {@link #destination} if there is one; otherwise, goal-aware, a host where the server's vCPUs
     * and memory fit and the CFS projection shows no work at least as important off its goal, even
     * if the host is loaded (less important work yields, as the CPU manager will make it); -1 if none.
     */
    int forcedDestination(int s, PlanBuilder plan, IntPredicate allowed) {
        int best = destination(s, plan, allowed);
        if (best >= 0 || !goalAware) {
            return best;
        }
        int from = state.hostOf[s];
        ClassInfo c = state.servers[s].serviceClass();
        for (long key : state.mostFreeFirst()) {
            int h = PoolState.hostOfKey(key);
            if (h != from && allowed.test(h) && plan.canMigrate(from, h) && state.fitsAtAll(s, h)
                    && rules.mustBreak(state, state.servers[s].id(), h).isEmpty() && !pushesOffGoal(s, h)
                    && state.worstPi(h, s, -1, c) <= 1) {
                return h;
            }
        }
        return -1;
    }

    /**
     * A fitting host's cost as a destination, in CPU units (lower is better): its free headroom
     * (best fit), plus {@link #EFFICIENCY_WEIGHT} per idle watt per CPU unit (the host whose
     * capacity costs least to keep on), plus {@link RuleBook#SHOULD_COST} per broken should rule.
     */
    private double score(int s, int h) {
        PoolHost host = state.hosts[h];
        return state.free(h) + EFFICIENCY_WEIGHT * host.powerModel().idleWatts() / Math.max(host.capacity(), 1e-9)
                + RuleBook.SHOULD_COST * rules.shouldBroken(state, state.servers[s].id(), h);
    }

    private boolean acceptable(int s, int h, int from, PlanBuilder plan, IntPredicate allowed) {
        return h != from && allowed.test(h) && plan.canMigrate(from, h) && state.fits(s, h)
                && rules.mustBreak(state, state.servers[s].id(), h).isEmpty()
                && !(goalAware && pushesOffGoal(s, h));
    }

    /** Ranks every host for server {@code s} (not yet placed); see {@link Ranking}. */
    Ranking rank(int s) {
        List<HostRank> ranks = new ArrayList<>();
        List<NotCandidate> out = new ArrayList<>();
        PoolServer v = state.servers[s];
        for (int h = 0; h < state.hosts.length; h++) {
            PoolHost host = state.hosts[h];
            Optional<String> no = refusal(s, h);
            if (no.isPresent()) {
                out.add(new NotCandidate(host.id(), no.get()));
                continue;
            }
            double freeAfter = state.target * host.capacity() - state.headroomLoad(h, s);
            int should = rules.shouldBroken(state, v.id(), h);
            int vcpus = v.vcpus();
            for (int o : state.members.get(h)) {
                vcpus += state.servers[o].vcpus();
            }
            double overcommit = (double) vcpus / Math.max(host.cpus(), 1);
            double pi = state.worstPi(h, s, -1, null);
            double score = score(s, h);
            String why = String.format(Locale.ROOT, "%.2f CPU units free after (headroom below %.0f %%), %d MB memory left, "
                            + "%.1f vCPUs per CPU, %d should rule%s broken, worst goal PI %.2f", freeAfter, 100 * state.target,
                    host.memoryMb() - state.memory[h] - v.memoryMb(), overcommit, should, should == 1 ? "" : "s", pi);
            ranks.add(new HostRank(host.id(), 0, score, freeAfter, host.memoryMb() - state.memory[h] - v.memoryMb(),
                    overcommit, should, pi, why));
        }
        ranks.sort(Comparator.comparingDouble(HostRank::score).thenComparing(HostRank::host));
        List<HostRank> numbered = new ArrayList<>();
        for (int i = 0; i < ranks.size(); i++) {
            HostRank r = ranks.get(i);
            numbered.add(new HostRank(r.host(), i + 1, r.score(), r.freeCpuAfter(), r.freeMemoryMbAfter(),
                    r.vcpuOvercommit(), r.shouldBroken(), r.worstPiAfter(), r.why()));
        }
        return new Ranking(numbered, out);
    }
}
