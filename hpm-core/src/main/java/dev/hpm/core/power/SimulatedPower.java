package dev.hpm.core.power;

/**
 * The {@code simulated} driver: a chassis flag in memory, for {@code hpm serve}'s simulated hosts
 * and for tests. Power-on and power-off flip the flag at once; {@link #failNext} makes the next
 * call fail as a controller that does not answer would. Thread-safe.
 */
public final class SimulatedPower implements PowerControl {
    private boolean on;
    private String failNext;

    public SimulatedPower(boolean on) {
        this.on = on;
    }

    /** The next power-on or power-off throws a {@link PowerException} saying {@code why}. */
    public synchronized SimulatedPower failNext(String why) {
        this.failNext = why;
        return this;
    }

    public synchronized boolean isOn() {
        return on;
    }

    /** Sets the chassis on without a call (a host switched on by hand). */
    public synchronized void powerOnQuietly() {
        on = true;
    }

    @Override
    public synchronized void powerOn() throws PowerException {
        fail();
        on = true;
    }

    @Override
    public synchronized void powerOff() throws PowerException {
        fail();
        on = false;
    }

    private void fail() throws PowerException {
        if (failNext != null) {
            String why = failNext;
            failNext = null;
            throw new PowerException(why);
        }
    }

    @Override
    public synchronized Chassis state() {
        return on ? Chassis.ON : Chassis.OFF;
    }

    @Override
    public String driver() {
        return "simulated";
    }

    @Override
    public String describe() {
        return "simulated chassis";
    }
}
