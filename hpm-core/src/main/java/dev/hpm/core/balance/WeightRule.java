package dev.hpm.core.balance;

import dev.hpm.core.cpu.ResponseTimeModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HPM's load-balancing weight of each member of a group, from goal achievement (the formula and
 * the reason for each term: docs/workload-balancing.md). Pure: the caller gathers the
 * {@link MemberInput}s and keeps the previous weights.
 *
 * <pre>
 *   capacity C = 0.5 + 0.5 · H      H = host headroom 0…1, or 0 if work of equal or higher importance misses its goal there;
 *                                   for a response-time class, at most R: the CPU (share of the host's) of the extra
 *                                   traffic it takes before its projected PI reaches 1 (ResponseTimeModel.trafficAtGoal)
 *   goal     G = 1 / PI²  if PI &gt; 1, else 1
 *   target   T = round(MAX · C · G)
 *   weight   W = prev + α · (T − prev), changed by at most maxStep, T itself on the first interval
 *   overrides: stopped or unknown VS → 0, not contactable; host in maintenance or quiesced → 0, quiesced;
 *              stale data → the previous weight, not confident;
 *   floor:   a member that can serve gets at least 1, so a group is never all zero while one can serve.
 * </pre>
 *
 * @param smoothing     α, 0 &lt; α ≤ 1: the share of the way to the target taken each interval
 * @param maxStep       the largest change of a weight in one interval
 * @param staleDefault  the weight of a member whose data is stale and who has no previous weight
 */
public record WeightRule(double smoothing, int maxStep, int staleDefault) {
    /** The largest weight: weights are percentages (HAProxy's {@code NN%}, SASP's unsigned 16-bit weight). */
    public static final int MAX_WEIGHT = 100;
    /** α 0.5, at most 30 per interval, 50 when stale without history. */
    public static final WeightRule DEFAULT = new WeightRule(0.5, 30, 50);

    public WeightRule {
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("smoothing is " + smoothing + ": use more than 0 and at most 1");
        }
        if (maxStep < 1 || maxStep > MAX_WEIGHT) {
            throw new IllegalArgumentException("maxStep is " + maxStep + ": use 1 to " + MAX_WEIGHT);
        }
    }

    /**
     * The weights of one group's members this interval.
     *
     * @param inputs   one per member
     * @param previous the weights of the previous interval by member name (empty on the first)
     * @return one weight per input, in input order
     */
    public List<MemberWeight> weigh(List<MemberInput> inputs, Map<String, MemberWeight> previous) {
        List<MemberWeight> out = new ArrayList<>(inputs.size());
        for (MemberInput in : inputs) {
            out.add(floor(weigh(in, previous.get(in.member()))));
        }
        return out;
    }

    private MemberWeight weigh(MemberInput in, MemberWeight prev) {
        List<WeightTerm> terms = new ArrayList<>();
        if (in.state() != MemberInput.VsState.RUNNING) {
            String why = in.state() == MemberInput.VsState.STOPPED ? "its virtual server is not running"
                    : "no virtual server known to HPM backs it";
            terms.add(new WeightTerm("stopped", 0, why));
            return result(in, 0, 0, false, false, true, terms);
        }
        if (in.hostMaintenance()) {
            terms.add(new WeightTerm("maintenance", 0, "its host is in maintenance: quiesced"));
            return result(in, 0, 0, true, true, true, terms);
        }
        if (in.quiescedByLb()) {
            terms.add(new WeightTerm("quiesce", 0, "quiesced through SASP Set Member State"));
            return result(in, 0, 0, true, true, true, terms);
        }
        if (in.stale()) {
            int kept = prev == null ? staleDefault : prev.weight();
            terms.add(new WeightTerm("stale", kept, "no fresh data this interval: "
                    + (prev == null ? "the default weight" : "the previous weight kept") + ", not confident"));
            return result(in, kept, prev == null ? staleDefault : prev.target(), true, false, false, terms);
        }
        double headroom = Math.clamp(Double.isNaN(in.hostHeadroom()) ? 0 : in.hostHeadroom(), 0, 1);
        double room = responseTimeRoom(in, terms);
        double usable = Double.isNaN(room) ? headroom : Math.min(headroom, room);
        double credited = in.protectedMissing() ? 0 : usable;
        double capacity = 0.5 + 0.5 * credited;
        terms.add(new WeightTerm("capacity", capacity, in.protectedMissing()
                ? "work of equal or higher importance misses its goal on its host: no credit for its %.0f %% headroom"
                        .formatted(100 * usable)
                : usable < headroom
                ? "its host has %.0f %% of its CPUs spare, its class's response time leaves room for %.0f %%"
                        .formatted(100 * headroom, 100 * usable)
                : "its host has %.0f %% of its CPUs spare".formatted(100 * headroom)));
        double pi = in.pi();
        double goal = !Double.isNaN(pi) && pi > 1 ? 1 / (pi * pi) : 1;
        terms.add(new WeightTerm("goal", goal, Double.isNaN(pi) ? "its class has no performance index this interval"
                : pi > 1 ? "its class misses its goal (PI %.2f)".formatted(pi) : "its class meets its goal (PI %.2f)".formatted(pi)));
        int target = (int) Math.round(MAX_WEIGHT * capacity * goal);
        terms.add(new WeightTerm("target", target, "%d × capacity × goal".formatted(MAX_WEIGHT)));
        if (prev == null) {
            return result(in, target, target, true, false, true, terms);
        }
        int from = prev.weight();
        double smoothed = Math.abs(target - from) <= 1 ? target : from + smoothing * (target - from);
        terms.add(new WeightTerm("smoothing", smoothed, "%.0f %% of the way from %d to %d".formatted(100 * smoothing, from, target)));
        double bounded = Math.clamp(smoothed, from - maxStep, from + maxStep);
        if (bounded != smoothed) {
            terms.add(new WeightTerm("bound", bounded, "changed by at most %d per interval".formatted(maxStep)));
        }
        return result(in, (int) Math.round(bounded), target, true, false, true, terms);
    }

    /**
     * For a member of a response-time class with a PI and its VS's CPU ({@link MemberInput#load}): the
     * extra traffic its VS takes before its class's projected PI reaches 1, by the CPU manager's
     * CPU-stretch model ({@link ResponseTimeModel#trafficAtGoal}), as the CPU those requests would ask
     * for, a share of its host's CPUs (0 … 1); its {@code response-time} term is added to {@code terms}.
     * NaN for other members: their room is the host's headroom.
     */
    private static double responseTimeRoom(MemberInput in, List<WeightTerm> terms) {
        MemberInput.ServerLoad l = in.load();
        if (l == null || Double.isNaN(in.pi()) || !(l.hostCpus() > 0)) {
            return Double.NaN;
        }
        double k = ResponseTimeModel.trafficAtGoal(in.pi(), l.allocationCpus(), l.demandCpus(), l.maxCpus());
        if (Double.isNaN(k)) {
            return Double.NaN;
        }
        double room = Math.clamp((k - 1) * l.demandCpus() / l.hostCpus(), 0, 1);
        terms.add(new WeightTerm("response-time", room, k <= 1
                ? "its class's projected PI (%.2f) is 1 or more already at its traffic: no room".formatted(in.pi())
                : "its class's projected PI (%.2f) reaches 1 at %.2f × its traffic: room for %.0f %% of its host's CPUs"
                        .formatted(in.pi(), k, 100 * room)));
        return room;
    }

    private static MemberWeight floor(MemberWeight w) {
        if (!w.canServe() || w.weight() > 0) {
            return w;
        }
        List<WeightTerm> terms = new ArrayList<>(w.terms());
        terms.add(new WeightTerm("floor", 1, "it can serve: at least 1, so that its group is never all zero"));
        return new MemberWeight(w.member(), 1, w.target(), w.contactable(), w.quiesced(), w.confident(), terms,
                reason(terms));
    }

    private static MemberWeight result(MemberInput in, int weight, int target, boolean contactable, boolean quiesced,
                                       boolean confident, List<WeightTerm> terms) {
        return new MemberWeight(in.member(), Math.clamp(weight, 0, MAX_WEIGHT), target, contactable, quiesced, confident,
                terms, reason(terms));
    }

    private static String reason(List<WeightTerm> terms) {
        StringBuilder b = new StringBuilder();
        for (WeightTerm t : terms) {
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(t.name()).append(' ').append(t.value() == Math.rint(t.value()) ? String.valueOf((long) t.value())
                    : "%.2f".formatted(t.value())).append(": ").append(t.reason());
        }
        return b.toString();
    }
}
