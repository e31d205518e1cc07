package dev.hpm.core.pool;

/**
 * What DWM does to a pool: live migration, host power, server shut-down. {@link DwmStep} calls it
 * once per action, in dependency order and within the policy's migration limits, and polls each
 * returned {@link Handle} once per pool interval. Implemented by the simulator
 * ({@code SimPoolActuator}) and, in {@code hpm serve}, by the libvirt driver
 * ({@code virDomainMigrateToURI3} with bandwidth and auto-converge, progress from
 * {@code virDomainGetJobStats}; power through IPMI or Wake-on-LAN, composed by
 * {@link dev.hpm.core.power.PoolPower#actuator}).
 *
 * <p>Calls return at once: the work goes on in the background and the handle tells how far it
 * got. A call that cannot even start returns a {@link Handle#failed failed} handle rather than
 * throwing. Defaults: a pool without power control refuses power-on and power-off (the planner
 * then marks the host and stops choosing it); shut-down is refused unless implemented.
 */
public interface PoolActuator {
    /** Starts a live migration of {@code server} from host {@code from} to host {@code to}. */
    Handle migrate(String server, String from, String to);

    /** Starts powering {@code host} on; done once it runs and answers. Default: no power control. */
    default Handle powerOn(String host) {
        return Handle.failed("this pool has no power control");
    }

    /** Starts powering an empty {@code host} off. Default: no power control. */
    default Handle powerOff(String host) {
        return Handle.failed("this pool has no power control");
    }

    /** Starts a clean shut-down of {@code server} on {@code host}. Default: refused. */
    default Handle shutdown(String server, String host) {
        return Handle.failed("shutting servers down is not supported by this pool");
    }

    /** How an operation ends. */
    enum State {
        RUNNING, DONE, FAILED;

        public boolean finished() {
            return this != RUNNING;
        }
    }

    /** A started operation, polled by the pool runner's thread. */
    interface Handle {
        State state();

        /** 0…1, how far it got (a migration: memory copied over memory to copy); by default 0 or 1. */
        default double progress() {
            return state() == State.DONE ? 1 : 0;
        }

        /** Why it failed, or what it is doing; empty by default. */
        default String detail() {
            return "";
        }

        /** A handle of something already done. */
        static Handle done() {
            return () -> State.DONE;
        }

        /** A handle of something that failed at once, saying why. */
        static Handle failed(String why) {
            return new Handle() {
                @Override
                public State state() {
                    return State.FAILED;
                }

                @Override
                public String detail() {
                    return why;
                }
            };
        }
    }
}
