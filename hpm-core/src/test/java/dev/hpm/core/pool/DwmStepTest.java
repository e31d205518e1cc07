package dev.hpm.core.pool;

import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.Efficacy;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.dwm.Reason;
import dev.hpm.core.pool.DwmRecords.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DwmStep's execution rules, one method per rule, with a scripted planner and a fake actuator. */
class DwmStepTest {
    private static final Instant T0 = Instant.parse("2026-03-03T10:00:00Z");
    private static final Reason WHY = new Reason(Reason.Kind.LOADED_HOST, "h1 is loaded");
    private static final Efficacy NONE = new Efficacy(0, 0, 0, 0, 0, 0, 0, 0);

    /** Plans what the test scripts, one plan per interval; records outcomes. */
    private static final class Scripted implements PoolPlanner {
        final Deque<List<PoolAction>> plans = new ArrayDeque<>();
        final List<String> outcomes = new ArrayList<>();
        final List<PoolView> views = new ArrayList<>();
        DwmMode mode = DwmMode.AUTOMATIC;

        @Override
        public Plan plan(PoolView view) {
            views.add(view);
            List<PoolAction> actions = plans.isEmpty() ? List.of() : plans.removeFirst();
            return new Plan(view.at(), mode, actions, NONE, actions.isEmpty() ? List.of("nothing to do") : List.of());
        }

        @Override
        public void outcome(PoolAction action, boolean succeeded, String detail) {
            outcomes.add(action.id() + (succeeded ? " done" : " failed"));
        }
    }

    /** Records calls; each handle stays RUNNING until the test finishes it. */
    private static final class Fake implements PoolActuator {
        final List<String> calls = new ArrayList<>();
        final Map<String, PoolActuator.State> state = new LinkedHashMap<>();

        private Handle handle(String call) {
            calls.add(call);
            state.put(call, State.RUNNING);
            return () -> state.get(call);
        }

        @Override
        public Handle migrate(String server, String from, String to) {
            return handle("migrate " + server + " " + from + "→" + to);
        }

        @Override
        public Handle powerOn(String host) {
            return handle("power-on " + host);
        }

        @Override
        public Handle powerOff(String host) {
            return handle("power-off " + host);
        }

        void finish(String call, State s) {
            state.put(call, s);
        }
    }

    private static final PoolInventory INVENTORY = new PoolInventory() {
        @Override
        public List<HostFacts> hosts() {
            return List.of(facts("h1", PowerState.ON), facts("h2", PowerState.ON), facts("h3", PowerState.OFF));
        }

        @Override
        public long serverMemoryMb(String server) {
            return 1024;
        }
    };

    private static PoolInventory.HostFacts facts(String id, PowerState power) {
        return new PoolInventory.HostFacts(id, 8, 8, 32_768, power, false, PowerModel.linear(100, 200));
    }

    private final Scripted planner = new Scripted();
    private final Fake actuator = new Fake();
    private long index;

    private DwmStep step(DwmPolicy policy) {
        return new DwmStep(planner, policy, INVENTORY, actuator, List.of(), () -> 0L);
    }

    private void interval(DwmStep step) {
        index++;
        step.afterHosts(new PoolInterval(index, index, T0.plusSeconds(60 * index), List.of()));
    }

    private static PoolAction.Migrate migrate(String id, String server, String from, String to, String... after) {
        return new PoolAction.Migrate(id, server, from, to, List.of(after), WHY,
                new PoolAction.Effect(0.9, 0.5, 0.1, 0.5, 1.2, 0.9, 16));
    }

    @Test
    void afterHosts_startsActionsInDependencyOrder() {
        DwmStep step = step(DwmPolicy.DEFAULT);
        planner.plans.add(List.of(new PoolAction.PowerOn("power-on-1", "h3", List.of(), WHY),
                migrate("migrate-2", "s1", "h1", "h3", "power-on-1"),
                new PoolAction.PowerOff("power-off-3", "h1", List.of("migrate-2"), WHY)));
        interval(step);
        assertEquals(List.of("power-on h3"), actuator.calls);
        actuator.finish("power-on h3", PoolActuator.State.DONE);
        interval(step);
        assertEquals(List.of("power-on h3", "migrate s1 h1→h3"), actuator.calls);
        interval(step);
        assertEquals(List.of("power-on h3", "migrate s1 h1→h3"), actuator.calls, "the power-off waits for the migration");
        actuator.finish("migrate s1 h1→h3", PoolActuator.State.DONE);
        interval(step);
        assertEquals("power-off h1", actuator.calls.getLast());
        assertEquals(List.of("power-on-1 done", "migrate-2 done"), planner.outcomes);
    }

    @Test
    void afterHosts_keepsWithinThePerHostMigrationLimit() {
        DwmStep step = step(DwmPolicy.DEFAULT.withMigration(new DwmPolicy.MigrationLimits(1, 10, 62.5)));
        planner.plans.add(List.of(migrate("migrate-1", "s1", "h1", "h2"), migrate("migrate-2", "s2", "h1", "h2")));
        interval(step);
        assertEquals(1, actuator.calls.size());
        assertEquals(1, step.intervals().getLast().running());
        actuator.finish(actuator.calls.getFirst(), PoolActuator.State.DONE);
        interval(step);
        assertEquals(2, actuator.calls.size());
    }

    @Test
    void afterHosts_cancelsActionsWhoseDependencyFailed() {
        DwmStep step = step(DwmPolicy.DEFAULT);
        planner.plans.add(List.of(new PoolAction.PowerOn("power-on-1", "h3", List.of(), WHY),
                migrate("migrate-2", "s1", "h1", "h3", "power-on-1")));
        interval(step);
        actuator.finish("power-on h3", PoolActuator.State.FAILED);
        interval(step);
        assertEquals(List.of("power-on h3"), actuator.calls);
        assertEquals(List.of("power-on-1 failed", "migrate-2 failed"), planner.outcomes, "the planner learns the move did not happen");
        DwmRecords.PlanRecord plan = step.plans().getFirst();
        assertEquals(Status.EXECUTED, plan.status());
        assertTrue(plan.outcomes().stream().allMatch(o -> o.state() == PoolActuator.State.FAILED));
    }

    @Test
    void afterHosts_showsCommittedActionsInTheNextView() {
        DwmStep step = step(DwmPolicy.DEFAULT);
        planner.plans.add(List.of(new PoolAction.PowerOn("power-on-1", "h3", List.of(), WHY),
                migrate("migrate-2", "s1", "h1", "h3", "power-on-1"),
                new PoolAction.PowerOff("power-off-3", "h1", List.of("migrate-2"), WHY)));
        interval(step);
        interval(step);
        PoolView next = planner.views.getLast();
        assertEquals(List.of(new PoolView.InFlight("s1", "h1", "h3", T0.plusSeconds(60))), next.inFlight(),
                "a queued migration reserves its destination as one in flight");
        assertEquals(PowerState.BOOTING, next.hosts().get(2).power(), "h3 is committed to power on");
        assertEquals(PowerState.SHUTTING_DOWN, next.hosts().get(0).power(), "h1 is committed to power off");
    }

    @Test
    void update_newPolicyAndPlanner_applyFromTheNextInterval_andProgressIsReported() {
        DwmStep step = step(DwmPolicy.DEFAULT);
        planner.plans.add(List.of(migrate("migrate-1", "s1", "h1", "h2")));
        interval(step);
        String id = step.plans().getFirst().id();
        assertEquals(Map.of("migrate-1", 0.0), step.progress(id), "a running action's progress");
        assertEquals(T0.plusSeconds(60), step.lastView().orElseThrow().at());

        Scripted other = new Scripted();
        other.plans.add(List.of(migrate("migrate-1", "s2", "h1", "h2")));
        step.update(DwmPolicy.DEFAULT.withMode(DwmMode.RECOMMEND), other);
        interval(step);

        assertEquals(DwmMode.RECOMMEND, step.policy().mode());
        assertEquals(1, other.views.size(), "the new planner plans");
        assertEquals(List.of("migrate s1 h1→h2"), actuator.calls, "the new plan waits for approval; the running one goes on");
        assertTrue(step.pending().isPresent());
    }

    @Test
    void approve_recommendedPlanRunsFromTheNextInterval() {
        DwmStep step = step(DwmPolicy.DEFAULT.withMode(DwmMode.RECOMMEND));
        planner.plans.add(List.of(migrate("migrate-1", "s1", "h1", "h2")));
        interval(step);
        assertTrue(actuator.calls.isEmpty(), "recommend mode executes nothing by itself");
        String id = step.pending().orElseThrow().id();
        assertTrue(step.intervals().getLast().why().getFirst().contains("awaits approval"));
        assertTrue(step.approve(id));
        assertFalse(step.approve(id), "approved once");
        interval(step);
        assertEquals(List.of("migrate s1 h1→h2"), actuator.calls);
        actuator.finish(actuator.calls.getFirst(), PoolActuator.State.DONE);
        interval(step);
        assertEquals(Status.EXECUTED, step.plan(id).orElseThrow().status());
        assertNull(step.plan(id).orElseThrow().achieved(), "measured on the next view");
        interval(step);
        assertEquals(1, step.plan(id).orElseThrow().achieved().migrations());
    }

    @Test
    void reject_dropsThePlanAndANewerOneSupersedesAPendingOne() {
        DwmStep step = step(DwmPolicy.DEFAULT.withMode(DwmMode.RECOMMEND));
        planner.plans.add(List.of(migrate("migrate-1", "s1", "h1", "h2")));
        planner.plans.add(List.of(migrate("migrate-1", "s2", "h1", "h2")));
        interval(step);
        String first = step.pending().orElseThrow().id();
        interval(step);
        String second = step.pending().orElseThrow().id();
        assertEquals(Status.SUPERSEDED, step.plan(first).orElseThrow().status());
        assertFalse(step.approve(first));
        assertTrue(step.reject(second));
        interval(step);
        assertTrue(actuator.calls.isEmpty());
        assertEquals(Status.REJECTED, step.plan(second).orElseThrow().status());
    }

    @Test
    void afterHosts_recordsWhyAnIntervalDidNothing() {
        DwmStep step = step(DwmPolicy.DEFAULT);
        interval(step);
        DwmRecords.IntervalRecord r = step.intervals().getFirst();
        assertNull(r.plan());
        assertEquals(List.of("nothing to do"), r.why());
        assertEquals(2, r.indicators().poweredHosts());
        assertEquals(200, r.indicators().watts(), 1e-9, "two idle powered hosts of 100 W each");
    }
}
