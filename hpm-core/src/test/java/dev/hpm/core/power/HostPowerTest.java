package dev.hpm.core.power;

import dev.hpm.core.dwm.DwmPlanner;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.dwm.Reason;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.time.Timebase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HostPower's rules on an injected clock and a manual executor (the background calls run when the
 * test says): the power-on deadline, power-off only of an empty host, a host that answers while off.
 */
class HostPowerTest {
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    /** A clock the test moves. */
    private static final class Clock implements Timebase {
        long nanos;

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public Instant now() {
            return Instant.parse("2026-12-02T01:00:00Z").plusNanos(nanos);
        }

        void advance(Duration d) {
            nanos += d.toNanos();
        }
    }

    /** Runs submitted tasks only when drained, as a background thread would, later. */
    private static final class Manual implements Executor {
        final Deque<Runnable> tasks = new ArrayDeque<>();
        int ran;

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void drain() {
            while (!tasks.isEmpty()) {
                tasks.removeFirst().run();
                ran++;
            }
        }
    }

    /** A hypervisor that answers from the n-th probe on (never if n is 0), with the servers the test sets. */
    private static final class Hypervisor implements HostPower.Probe {
        int answerFrom;
        int probes;
        List<String> servers = List.of();

        @Override
        public boolean answers() {
            probes++;
            return answerFrom > 0 && probes >= answerFrom;
        }

        @Override
        public List<String> runningServers() {
            return servers;
        }
    }

    private final Clock clock = new Clock();
    private final Manual executor = new Manual();
    private final Hypervisor hypervisor = new Hypervisor();
    private final SimulatedPower chassis = new SimulatedPower(false);
    private final List<HostPower.Event> events = new ArrayList<>();

    private HostPower host(PowerState initial) {
        return new HostPower("kvm2", new PowerSettings.Simulated(DEADLINE), chassis, hypervisor, initial, clock, executor)
                .onEvent(events::add);
    }

    /** One pool interval: the runner polls the handle, then the background work runs. */
    private PoolActuator.State interval(PoolActuator.Handle h) {
        PoolActuator.State s = h.state();
        executor.drain();
        clock.advance(INTERVAL);
        return s;
    }

    @Test
    void powerOn_hypervisorNeverAnswers_powerOnFailedAtTheDeadline() {
        HostPower power = host(PowerState.OFF);
        PoolActuator.Handle h = power.powerOn();
        assertThat(power.state()).isEqualTo(PowerState.BOOTING);
        executor.drain();
        assertThat(chassis.isOn()).isTrue();
        int polls = 0;
        while (clock.nanos < DEADLINE.toNanos()) {
            assertThat(interval(h)).isEqualTo(PoolActuator.State.RUNNING);
            polls++;
        }
        assertThat(h.state()).isEqualTo(PoolActuator.State.FAILED); // the first poll at the deadline
        assertThat(polls).isEqualTo(30);
        assertThat(hypervisor.probes).isEqualTo(30); // one probe per interval, none after the deadline
        HostPower.Status status = power.status();
        assertThat(status.state()).isEqualTo(PowerState.FAILED);
        assertThat(status.stateName()).isEqualTo("power-on-failed");
        assertThat(status.since()).isEqualTo(clock.now());
        assertThat(h.detail()).isEqualTo("host kvm2 did not come up within its power-on deadline of 5 min (it did not "
                + "answer); marked power-on-failed, power save does not choose it until an operator clears it");
        assertThat(events).extracting(HostPower.Event::to).containsExactly(PowerState.BOOTING, PowerState.FAILED);
        executor.drain();
        assertThat(executor.tasks).isEmpty();
        // the planner's existing rule marks the host: power save does not choose it again
        DwmPlanner planner = DwmPlanner.goalAware(DwmPolicy.DEFAULT);
        planner.outcome(new PoolAction.PowerOn("p1", "kvm2", List.of(), new Reason(Reason.Kind.ADD_CAPACITY, "t")),
                h.state() == PoolActuator.State.DONE, h.detail());
        assertThat(planner.failedHosts()).containsExactly("kvm2");
    }

    @Test
    void powerOn_hypervisorAnswersOnThirdProbe_onWithTheTimeItTook() {
        hypervisor.answerFrom = 3;
        HostPower power = host(PowerState.OFF);
        PoolActuator.Handle h = power.powerOn();
        List<PoolActuator.State> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seen.add(interval(h));
        }
        assertThat(seen).containsExactly(PoolActuator.State.RUNNING, PoolActuator.State.RUNNING,
                PoolActuator.State.RUNNING, PoolActuator.State.RUNNING, PoolActuator.State.DONE);
        assertThat(h.detail()).isEqualTo("on: its hypervisor answered 30 s after the power-on");
        assertThat(power.state()).isEqualTo(PowerState.ON);
        assertThat(h.progress()).isEqualTo(1.0);
    }

    @Test
    void powerOn_answeredBeforeTheDeadlinePolledAfter_isDone() {
        hypervisor.answerFrom = 1;
        HostPower power = host(PowerState.OFF);
        PoolActuator.Handle h = power.powerOn();
        executor.drain();                      // the command
        assertThat(h.state()).isEqualTo(PoolActuator.State.RUNNING);
        clock.advance(DEADLINE.minusSeconds(1));
        executor.drain();                      // the probe answers 1 s before the deadline
        clock.advance(Duration.ofMinutes(1));  // the runner polls late
        assertThat(h.state()).isEqualTo(PoolActuator.State.DONE);
        assertThat(power.state()).isEqualTo(PowerState.ON);
    }

    @Test
    void powerOn_controllerRefuses_powerOnFailedAtOnce() {
        chassis.failNext("the BMC at 10.0.0.5:623 refused the password of user hpm");
        HostPower power = host(PowerState.OFF);
        PoolActuator.Handle h = power.powerOn();
        executor.drain();
        assertThat(h.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(h.detail()).isEqualTo("power-on of host kvm2 failed: the BMC at 10.0.0.5:623 refused the password "
                + "of user hpm; marked power-on-failed");
        assertThat(power.state()).isEqualTo(PowerState.FAILED);
        assertThat(hypervisor.probes).isZero();
    }

    @Test
    void powerOn_hostOnOrBusy_doneOrRefused() {
        HostPower on = host(PowerState.ON);
        assertThat(on.powerOn().state()).isEqualTo(PoolActuator.State.DONE);
        HostPower off = host(PowerState.OFF);
        off.powerOn();
        PoolActuator.Handle again = off.powerOn();
        assertThat(again.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(again.detail()).isEqualTo("host kvm2 is already powering-on");
    }

    @Test
    void powerOff_serverRuns_refusedWithTheReasonAndStaysOn() {
        chassis.powerOnQuietly();
        hypervisor.servers = List.of("web-1", "db-2");
        HostPower power = host(PowerState.ON);
        PoolActuator.Handle h = power.powerOff();
        assertThat(power.state()).isEqualTo(PowerState.SHUTTING_DOWN);
        executor.drain();
        assertThat(h.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(h.detail()).isEqualTo("power-off of host kvm2 refused: it runs 2 virtual servers (web-1, db-2); "
                + "move them away first, HPM powers off only an empty host");
        assertThat(power.state()).isEqualTo(PowerState.ON);
        assertThat(chassis.isOn()).isTrue();
        assertThat(HostPower.offRefusal("kvm2", List.of("web-1", "db-2"))).contains(h.detail());
    }

    @Test
    void powerOff_serverAppearsAfterThePlanBeforeTheCommand_refused() {
        chassis.powerOnQuietly();
        HostPower power = host(PowerState.ON);
        PoolActuator.Handle h = power.powerOff();   // empty when DWM planned it
        hypervisor.servers = List.of("late-1");     // started before the background call runs
        executor.drain();
        assertThat(h.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(chassis.isOn()).isTrue();
    }

    @Test
    void powerOff_emptyHost_off() {
        chassis.powerOnQuietly();
        HostPower power = host(PowerState.ON);
        PoolActuator.Handle h = power.powerOff();
        assertThat(h.state()).isEqualTo(PoolActuator.State.RUNNING);
        executor.drain();
        assertThat(h.state()).isEqualTo(PoolActuator.State.DONE);
        assertThat(power.state()).isEqualTo(PowerState.OFF);
        assertThat(chassis.isOn()).isFalse();
    }

    @Test
    void observe_serverOnAHostHpmHasOff_markedOnAndReported() {
        HostPower power = host(PowerState.OFF);
        power.observe(false, List.of());
        assertThat(power.state()).isEqualTo(PowerState.OFF);
        power.observe(true, List.of("rogue-1"));
        assertThat(power.state()).isEqualTo(PowerState.ON);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().detail()).isEqualTo("host kvm2 runs 1 virtual server (rogue-1) although HPM had "
                + "it off: marked on, and not powered off while they run");
    }

    @Test
    void observe_failedHostComesUpLate_staysMarkedUntilCleared() {
        HostPower power = host(PowerState.OFF);
        PoolActuator.Handle h = power.powerOn();
        executor.drain();
        clock.advance(DEADLINE);
        assertThat(h.state()).isEqualTo(PoolActuator.State.FAILED);
        power.observe(true, List.of());
        assertThat(power.state()).isEqualTo(PowerState.FAILED);
        assertThat(power.clearFailed()).isTrue();
        assertThat(power.state()).isEqualTo(PowerState.OFF);
        power.observe(true, List.of());
        assertThat(power.state()).isEqualTo(PowerState.ON);
    }

    @Test
    void powerOn_executorShutDown_failsSayingWhy() {
        HostPower power = new HostPower("kvm2", new PowerSettings.Simulated(DEADLINE), chassis, hypervisor,
                PowerState.OFF, clock, r -> {
                    throw new java.util.concurrent.RejectedExecutionException("shut down");
                });
        PoolActuator.Handle h = power.powerOn();
        assertThat(h.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(h.detail()).isEqualTo("power-on of host kvm2 could not start: HPM is shutting down");
        assertThat(chassis.isOn()).isFalse();
    }

    @Test
    void noDriverAndWakeOnLan_refusedSayingWhy() {
        HostPower none = new HostPower("kvm3", new PowerSettings.None(), null, hypervisor, PowerState.ON, clock, executor);
        assertThat(none.powerOff().detail()).isEqualTo("host kvm3 has no power control (driver none): give it ipmi or "
                + "simulated power settings");
        PowerControl wakeOnly = new PowerControl() {
            @Override
            public void powerOn() {
            }

            @Override
            public void powerOff() throws PowerException {
                throw new PowerException("no");
            }

            @Override
            public Chassis state() {
                return Chassis.UNKNOWN;
            }

            @Override
            public boolean canPowerOff() {
                return false;
            }

            @Override
            public String driver() {
                return "wol";
            }

            @Override
            public String describe() {
                return "wol 52:54:00:12:34:56";
            }
        };
        HostPower wol = new HostPower("kvm4", new PowerSettings.WakeOnLan("52:54:00:12:34:56"), wakeOnly, hypervisor,
                PowerState.ON, clock, executor);
        PoolActuator.Handle off = wol.powerOff();
        assertThat(off.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(off.detail()).isEqualTo("host kvm4's power driver wol cannot power a host off (Wake-on-LAN only "
                + "wakes it): power save leaves it on");
        assertThat(wol.state()).isEqualTo(PowerState.ON);
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void poolPower_actuator_powersThroughHostsAndMigratesThroughTheBase() {
        hypervisor.answerFrom = 1;
        HostPower kvm2 = host(PowerState.OFF);
        PoolPower pool = new PoolPower(List.of(kvm2));
        List<String> migrations = new ArrayList<>();
        PoolActuator actuator = pool.actuator((server, from, to) -> {
            migrations.add(server + " " + from + "->" + to);
            return PoolActuator.Handle.done();
        });
        PoolActuator.Handle on = actuator.powerOn("kvm2");
        interval(on);
        interval(on);
        assertThat(on.state()).isEqualTo(PoolActuator.State.DONE);
        assertThat(pool.state("kvm2", PowerState.ON)).isEqualTo(PowerState.ON);
        assertThat(actuator.migrate("g1", "kvm1", "kvm2").state()).isEqualTo(PoolActuator.State.DONE);
        assertThat(migrations).containsExactly("g1 kvm1->kvm2");
        assertThat(actuator.powerOff("kvm9").detail()).isEqualTo("host kvm9 has no power control");
        assertThat(pool.state("kvm9", PowerState.ON)).isEqualTo(PowerState.ON);
    }
}
