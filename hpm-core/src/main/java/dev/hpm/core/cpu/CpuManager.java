package dev.hpm.core.cpu;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ManagementLevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The goal-oriented CPU manager of one host (docs/cpu-manager.md): each interval it picks the most
 * important service class that misses its goal, projects with {@link CfsProjection} how moving
 * {@code cpu_shares} from donors would change every class's PI, and makes the smallest move that
 * brings the receiver to the target PI without pushing work of equal or higher importance off
 * its goal; if no move is worth making it says why. At most one receiver per host per interval,
 * as in z/OS WLM. Pure: the caller applies the returned changes and records them in the
 * {@link ShareLedger}.
 *
 * <p>The projection is a fluid model; real CFS, with per-CPU run queues and emulator threads in the
 * same cgroup, gives somewhat different shares. So each class's projected PI is corrected by how far
 * the model's PI for the current shares is from the PI just measured (the output-bias update of
 * Dynamic Matrix Control: C. R. Cutler and B. L. Ramaker, "Dynamic matrix control — a computer
 * control algorithm", Joint Automatic Control Conference, 1980); targets and ceilings are compared
 * with corrected projections, and reports show corrected figures.
 *
 * <p>Group limits ({@link GroupLimits}) come first: a group's CPU maximum is enforced as caps
 * ({@link GroupCaps}) and a group below its CPU minimum is raised to it ({@link GroupFloors}) before any
 * goal is weighed; no donor is taken below its minimum.
 *
 * <p>The search for one receiver's donors and move is {@link ReceiverSearch}. With the
 * {@link CpuManagerSettings.Strategy#PLAN plan strategy} the whole host is planned instead ({@link SharePlan}).
 */
public final class CpuManager implements CpuPolicy {
    private final CpuManagerSettings settings;

    public CpuManager(CpuManagerSettings settings) {
        this.settings = settings;
    }

    public CpuManagerSettings settings() {
        return settings;
    }

    @Override
    public HostDecision decide(HostView view, ShareLedger ledger, long interval) {
        List<ShareChange> changes = new ArrayList<>(restores(view, ledger));
        if (view.level() != ManagementLevel.MANAGE) {
            String why = "host " + view.host() + " is at management level " + view.level().label()
                    + ": HPM measures but does not change CPU resources";
            return new HostDecision(new NoAction(view.host(), NoAction.Reason.NOT_MANAGED, why, List.of()), changes);
        }
        GroupLimits.Allowance limits = GroupLimits.of(view);
        double[] caps = GroupCaps.desired(view, ledger, limits);
        Decision decision = adjust(view, ledger, interval, caps, limits.floor());
        Map<String, ShareChange> byServer = new LinkedHashMap<>();
        if (decision instanceof Adjustment adjustment) {
            adjustment.changes().forEach(c -> byServer.put(c.uuid(), c));
        }
        for (int i = 0; i < view.servers().size(); i++) {
            VsView v = view.servers().get(i);
            if (v.managed() && !byServer.containsKey(v.uuid()) && Double.compare(caps[i], v.capCpus()) != 0) {
                byServer.put(v.uuid(), new ShareChange(v.uuid(), v.name(), v.serviceClass().key(),
                        ShareChange.Role.CAP, v.shares(), v.shares(), v.capCpus(), caps[i]));
            }
        }
        changes.addAll(byServer.values());
        return new HostDecision(decision, changes);
    }

    /**
     * With the plan strategy, on a host it manages: every managed server starts at shares by its importance
     * ({@link AdjustmentRules#importanceShares}, within the settings' bounds), so that until the first plan,
     * one interval later, the most important work already comes first, as it would under shares set by
     * hand. Servers HPM changed before (an earlier owner of the host kept their settings from before HPM
     * in {@code ledger}) keep the shares they have. The receiver strategy starts from the shares it finds.
     */
    @Override
    public List<ShareChange> initial(HostView view, ShareLedger ledger) {
        if (settings.strategy() != CpuManagerSettings.Strategy.PLAN || view.level() != ManagementLevel.MANAGE) {
            return List.of();
        }
        List<ShareChange> changes = new ArrayList<>();
        for (VsView v : view.servers()) {
            long shares = Math.clamp(AdjustmentRules.importanceShares(v.serviceClass()), settings.minShares(),
                    settings.maxShares());
            if (v.managed() && shares != v.shares() && ledger.original(v.uuid()).isEmpty()) {
                changes.add(new ShareChange(v.uuid(), v.name(), v.serviceClass().key(), ShareChange.Role.INITIAL,
                        v.shares(), shares, v.capCpus(), v.capCpus()));
            }
        }
        return changes;
    }

    private static List<ShareChange> restores(HostView view, ShareLedger ledger) {
        List<ShareChange> restores = new ArrayList<>();
        for (VsView v : view.servers()) {
            if (!v.managed()) {
                ledger.original(v.uuid()).ifPresent(o -> restores.add(new ShareChange(v.uuid(), v.name(),
                        v.serviceClass().key(), ShareChange.Role.RESTORE, v.shares(), o.shares(), v.capCpus(),
                        o.capCpus())));
            }
        }
        return restores;
    }

    private Decision adjust(HostView view, ShareLedger ledger, long interval, double[] caps, double[] floors) {
        List<ClassMeasurement> measured = view.classes().values().stream().filter(ClassMeasurement::hasVelocity).toList();
        if (measured.isEmpty()) {
            return new NoAction(view.host(), NoAction.Reason.NO_DATA,
                    "no server on " + view.host() + " has a velocity yet (first interval, or all idle)", List.of());
        }
        Projection projection = new Projection(view, caps, floors);
        if (settings.strategy() == CpuManagerSettings.Strategy.PLAN) {
            return new SharePlan(settings, view, projection, caps, floors, ledger, interval).decide();
        }
        Adjustment minimum = GroupFloors.restore(view, projection, caps, settings);
        if (minimum != null) {
            return minimum;
        }
        List<ClassMeasurement> receivers = measured.stream().filter(AdjustmentRules::isReceiver)
                .sorted(AdjustmentRules.RECEIVER_ORDER).toList();
        if (receivers.isEmpty()) {
            return new NoAction(view.host(), NoAction.Reason.GOALS_MET,
                    "every service class with a goal on " + view.host() + " meets it", List.of());
        }
        List<NoAction.ReceiverAssessment> assessed = new ArrayList<>();
        for (ClassMeasurement receiver : receivers) {
            switch (new ReceiverSearch(settings, view, projection, receiver, ledger, interval, caps).run()) {
                case ReceiverSearch.Outcome.Helped helped -> {
                    return helped.adjustment();
                }
                case ReceiverSearch.Outcome.NotHelped notHelped -> assessed.add(notHelped.assessment());
            }
        }
        NoAction.ReceiverAssessment first = assessed.getFirst();
        return new NoAction(view.host(), first.reason(), first.message(), assessed);
    }
}
