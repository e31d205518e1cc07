package dev.hpm.core.power;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.time.Timebase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One host's power as DWM sees it, and the rules around its {@link PowerControl} (docs/power.md):
 *
 * <ul>
 *   <li><b>Power-on has a deadline</b> ({@link PowerSettings#powerOnTimeout()}, 5 min by default,
 *       counted from the call): the host is {@link PowerState#BOOTING} until its hypervisor answers
 *       the caller's {@link Probe} (e.g. libvirt connects), then {@link PowerState#ON}. A power-on
 *       the controller refused, or one whose host did not answer by the deadline, ends
 *       {@link PowerState#FAILED} (power-on-failed, shown as such) and its handle FAILED, which is
 *       the rule DWM already has: the planner's {@code outcome} marks the host, power save and
 *       placement never choose it again (they take only {@code OFF} hosts to power on, only
 *       {@code ON} ones as destinations) and another host is powered on instead, until an operator
 *       {@link #clearFailed clears} it (then also call {@code DwmPlanner.clearFailed}).</li>
 *   <li><b>Power-off only of an empty host</b>: just before the command is sent the host's running
 *       servers are read ({@link Probe#runningServers()}); if any runs, the power-off is refused
 *       with the reason ({@link #offRefusal}) and the host stays on. A server that appears after the
 *       command was sent (started outside HPM in those milliseconds) is not protected: IPMI's
 *       {@code chassis power off} is a hard power-off.</li>
 *   <li><b>A host that answers while HPM has it off</b> (powered on by hand, or a server started on
 *       it) is marked {@link PowerState#ON} at the next {@link #observe}, and the change is reported
 *       to the {@linkplain #onEvent listener}: DWM then sees its servers, and never powers it off
 *       while they run. A power-on-failed host that comes up late stays marked until cleared,
 *       unless servers run on it (then it is marked on, so that they are not hidden from DWM).</li>
 * </ul>
 *
 * <p>Threads: {@link #powerOn} and {@link #powerOff} return at once with a
 * {@link PoolActuator.Handle}; the driver's blocking calls and the probes run on the
 * {@link Executor} given (virtual threads in {@code hpm serve}), never on the caller's thread. The
 * deadline is checked on the injected {@link Timebase} whenever the handle or {@link #status} is
 * polled (the pool runner polls once per interval), and a new probe is started at most once per
 * poll: nothing here sleeps or starts a timer. Thread-safe.
 */
public final class HostPower {
    private static final int NAMES_SHOWN = 5;

    /** What the caller knows of the host's hypervisor; both calls block, and run on the executor. */
    public interface Probe {
        /** Whether the host's hypervisor answers now (e.g. a libvirt connection to it opens). */
        boolean answers();

        /** The names of the virtual servers running on the host now. */
        List<String> runningServers();
    }

    /** The host's power as the API shows it ({@code GET /hypervisors/{id}/power}). */
    public record Status(String host, PowerState state, String driver, Instant since, String detail) {
        /** The state as the API names it: on, off, powering-on, powering-off, power-on-failed. */
        public String stateName() {
            return HostPower.name(state);
        }
    }

    /** A change of the host's power state, with why. */
    public record Event(String host, PowerState from, PowerState to, Instant at, String detail) {
    }

    private final String host;
    private final PowerSettings settings;
    private final PowerControl control;
    private final Probe probe;
    private final Timebase time;
    private final Executor executor;
    private Consumer<Event> listener = e -> {
    };
    private PowerState state;
    private Instant since;
    private String detail = "";
    private Job job;

    /**
     * @param control  the driver made from {@code settings}, or null for {@link PowerSettings.None}
     * @param initial  the state the host is in now (e.g. from the controller's status, or ON if it answers)
     * @param executor where the driver's calls and the probes run (not the pool runner's thread)
     */
    public HostPower(String host, PowerSettings settings, PowerControl control, Probe probe, PowerState initial,
                     Timebase time, Executor executor) {
        this.host = Objects.requireNonNull(host, "host");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.control = control;
        this.probe = Objects.requireNonNull(probe, "probe");
        this.time = time;
        this.executor = executor;
        this.state = initial;
        this.since = time.now();
    }

    public String host() {
        return host;
    }

    public PowerSettings settings() {
        return settings;
    }

    /** Sees every change of state (to log, audit or count it); called with this object's lock held, keep it short. */
    public synchronized HostPower onEvent(Consumer<Event> value) {
        this.listener = Objects.requireNonNull(value);
        return this;
    }

    /**
     * Starts powering the host on: BOOTING at once, ON once its hypervisor answers, FAILED if the
     * controller refuses or the deadline passes first. A host already on gives a done handle; one
     * in a transition, or without power control, a failed one saying why.
     */
    public synchronized PoolActuator.Handle powerOn() {
        if (control == null) {
            return PoolActuator.Handle.failed("host " + host + " has no power control (driver none): "
                    + "give it ipmi, wol or simulated power settings");
        }
        if (job != null) {
            return PoolActuator.Handle.failed("host " + host + " is already " + name(state));
        }
        if (state == PowerState.ON) {
            return PoolActuator.Handle.done();
        }
        Job j = new Job(true, state, time.nanos());
        job = j;
        change(PowerState.BOOTING, "powering on through " + control.describe() + ", deadline "
                + words(settings.powerOnTimeout()));
        submit(j, () -> command(j));
        return j;
    }

    /**
     * Starts powering the host off: SHUTTING_DOWN at once, OFF once the controller accepted; refused
     * (the host stays on) if a virtual server runs on it when the command is about to be sent, if the
     * driver cannot power off, or if the host is in a transition. A host already off gives a done handle.
     */
    public synchronized PoolActuator.Handle powerOff() {
        if (control == null) {
            return PoolActuator.Handle.failed("host " + host + " has no power control (driver none): "
                    + "give it ipmi or simulated power settings");
        }
        if (!control.canPowerOff()) {
            return PoolActuator.Handle.failed("host " + host + "'s power driver " + control.driver()
                    + " cannot power a host off (Wake-on-LAN only wakes it): power save leaves it on");
        }
        if (job != null) {
            return PoolActuator.Handle.failed("host " + host + " is already " + name(state));
        }
        if (state == PowerState.OFF) {
            return PoolActuator.Handle.done();
        }
        Job j = new Job(false, state, time.nanos());
        job = j;
        change(PowerState.SHUTTING_DOWN, "powering off through " + control.describe());
        submit(j, () -> command(j));
        return j;
    }

    /**
     * Why a host running {@code servers} may not be powered off, or empty if it may; the same words
     * for the runner's refusal and the API's 409.
     */
    public static Optional<String> offRefusal(String host, List<String> servers) {
        if (servers.isEmpty()) {
            return Optional.empty();
        }
        String names = String.join(", ", servers.subList(0, Math.min(NAMES_SHOWN, servers.size())))
                + (servers.size() > NAMES_SHOWN ? ", …" : "");
        return Optional.of("power-off of host " + host + " refused: it runs " + servers.size() + " virtual server"
                + (servers.size() == 1 ? "" : "s") + " (" + names + "); move them away first, "
                + "HPM powers off only an empty host");
    }

    /**
     * What the caller saw of the host this interval: whether its hypervisor answered and which
     * servers run on it. A host HPM had off that answers is marked on and reported (see the class
     * comment); nothing changes while a power action runs.
     */
    public synchronized void observe(boolean answered, List<String> servers) {
        if (job != null || !answered) {
            return;
        }
        if (state == PowerState.OFF || (state == PowerState.FAILED && !servers.isEmpty())) {
            String was = state == PowerState.OFF ? "off" : "power-on-failed";
            change(PowerState.ON, servers.isEmpty()
                    ? "host " + host + " answers although HPM had it " + was + " (powered on outside HPM?): marked on"
                    : "host " + host + " runs " + servers.size() + " virtual server" + (servers.size() == 1 ? "" : "s")
                    + " (" + String.join(", ", servers.subList(0, Math.min(NAMES_SHOWN, servers.size())))
                    + ") although HPM had it " + was + ": marked on, and not powered off while they run");
        }
    }

    /** An operator cleared a power-on-failed host: it is off again (on at the next observation if it answers). */
    public synchronized boolean clearFailed() {
        if (state != PowerState.FAILED || job != null) {
            return false;
        }
        change(PowerState.OFF, "power-on failure cleared by an operator");
        return true;
    }

    /** The state now, for the pool's inventory (advances a running action first). */
    public synchronized PowerState state() {
        advance();
        return state;
    }

    /** The state with since when and why (advances a running action first). */
    public synchronized Status status() {
        advance();
        return new Status(host, state, settings.driver(), since, detail);
    }

    /** The API's word for a power state. */
    public static String name(PowerState s) {
        return switch (s) {
            case ON -> "on";
            case OFF -> "off";
            case BOOTING -> "powering-on";
            case SHUTTING_DOWN -> "powering-off";
            case FAILED -> "power-on-failed";
        };
    }

    // ---- the running action ----------------------------------------------------------------

    /** Runs on the executor: the driver's call (and, for a power-off, the servers' check before it). */
    private void command(Job j) {
        String error = null;
        String refusal = null;
        try {
            if (j.on) {
                control.powerOn();
            } else {
                refusal = offRefusal(host, List.copyOf(probe.runningServers())).orElse(null);
                if (refusal == null) {
                    control.powerOff();
                }
            }
        } catch (PowerException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = "the driver failed: " + e.getMessage();
        }
        synchronized (this) {
            j.commandDone = true;
            j.error = error;
            j.refusal = refusal;
        }
    }

    /** Runs on the executor: one probe of the booting host's hypervisor. */
    private void probe(Job j) {
        boolean answered;
        String why = "";
        try {
            answered = probe.answers();
        } catch (RuntimeException e) {
            answered = false;
            why = e.getMessage();
        }
        synchronized (this) {
            j.probing = false;
            if (answered && j.answeredAt == null) {
                j.answeredAt = time.nanos();
            } else if (!answered) {
                j.lastProbe = why == null || why.isEmpty() ? "it did not answer" : "it did not answer: " + why;
            }
        }
    }

    private void advance() {
        if (job != null) {
            advance(job);
        }
    }

    /** Decides a running action from what its background calls reported and the clock; starts a probe if due. */
    private void advance(Job j) {
        if (j.result.finished()) {
            return;
        }
        long now = time.nanos();
        long deadline = j.started + settings.powerOnTimeout().toNanos();
        if (!j.on) {
            if (!j.commandDone) {
                return;
            }
            if (j.refusal != null || j.error != null) {
                finish(j, PoolActuator.State.FAILED, j.previous, j.refusal != null ? j.refusal
                        : "power-off of host " + host + " failed: " + j.error);
            } else {
                finish(j, PoolActuator.State.DONE, PowerState.OFF, "powered off through " + control.describe());
            }
            return;
        }
        if (j.commandDone && j.error != null) {
            finish(j, PoolActuator.State.FAILED, PowerState.FAILED, "power-on of host " + host + " failed: " + j.error
                    + "; marked power-on-failed");
        } else if (j.answeredAt != null && j.answeredAt - deadline <= 0) {
            finish(j, PoolActuator.State.DONE, PowerState.ON, "on: its hypervisor answered "
                    + words(Duration.ofNanos(j.answeredAt - j.started)) + " after the power-on");
        } else if (now - deadline >= 0) {
            finish(j, PoolActuator.State.FAILED, PowerState.FAILED, "host " + host + " did not come up within its "
                    + "power-on deadline of " + words(settings.powerOnTimeout()) + " ("
                    + (j.commandDone ? j.lastProbe : "the controller had not even accepted the power-on")
                    + "); marked power-on-failed, power save does not choose it until an operator clears it");
        } else if (j.commandDone && !j.probing && j.answeredAt == null) {
            j.probing = true;
            submit(j, () -> probe(j));
        }
    }

    /** Runs {@code work} on the executor; an executor that refuses (shut down) fails the action. */
    private void submit(Job j, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            finish(j, PoolActuator.State.FAILED, j.on ? PowerState.FAILED : j.previous, "power-" + (j.on ? "on" : "off")
                    + " of host " + host + " could not start: HPM is shutting down");
        }
    }

    private void finish(Job j, PoolActuator.State result, PowerState to, String why) {
        j.result = result;
        j.detail = why;
        job = null;
        change(to, why);
    }

    private void change(PowerState to, String why) {
        PowerState from = state;
        state = to;
        detail = why;
        if (from != to) {
            since = time.now();
            listener.accept(new Event(host, from, to, since, why));
        }
    }

    private static String words(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        if (s < 120 || s % 60 != 0) {
            return s + " s";
        }
        return s / 60 + " min";
    }

    /** A power action in progress: what its background calls reported, and how it ended. */
    private final class Job implements PoolActuator.Handle {
        final boolean on;
        final PowerState previous;
        final long started;
        boolean commandDone;
        String error;
        String refusal;
        boolean probing;
        Long answeredAt;
        String lastProbe = "it was not probed yet";
        PoolActuator.State result = PoolActuator.State.RUNNING;
        String detail = "";

        Job(boolean on, PowerState previous, long started) {
            this.on = on;
            this.previous = previous;
            this.started = started;
        }

        @Override
        public PoolActuator.State state() {
            synchronized (HostPower.this) {
                advance(this);
                return result;
            }
        }

        @Override
        public double progress() {
            synchronized (HostPower.this) {
                advance(this);
                return result == PoolActuator.State.DONE ? 1 : commandDone && error == null ? 0.5 : 0;
            }
        }

        @Override
        public String detail() {
            synchronized (HostPower.this) {
                advance(this);
                return result.finished() ? detail : on && commandDone ? "waiting for its hypervisor to answer ("
                        + lastProbe + ")" : "waiting for the controller";
            }
        }
    }
}
