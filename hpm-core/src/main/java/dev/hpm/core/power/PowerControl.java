package dev.hpm.core.power;

/**
 * Controls one host's power through its management controller: IPMI ({@code IpmiPower} in
 * {@code hpm-power}, {@code ipmitool chassis power}), Wake-on-LAN ({@code WakeOnLan}: on only), or
 * the {@link SimulatedPower simulated} chassis. One instance per host, made from its
 * {@link PowerSettings}.
 *
 * <p><b>Calls block</b> until the controller answered or the driver's call timeout ran out (an IPMI
 * call takes tens of milliseconds on a LAN, at most {@link PowerSettings.Ipmi#callTimeout()}), so
 * they must never run on the pool runner's thread: {@link HostPower} runs them on the executor it
 * is given and hands the runner a {@link dev.hpm.core.pool.PoolActuator.Handle} that returns at
 * once. A call that returns has been accepted by the controller; that the host then runs and its
 * hypervisor answers is {@link HostPower}'s business (the power-on deadline). Failures are
 * {@link PowerException}s whose messages never contain a secret.
 */
public interface PowerControl {
    /** Asks the controller to power the host on (IPMI: {@code chassis power on}; WoL: the magic packet). */
    void powerOn() throws PowerException;

    /**
     * Asks the controller to power the host off at once (IPMI: {@code chassis power off}, a hard
     * power-off). {@link HostPower} calls it only for a host that runs no virtual server.
     *
     * @throws PowerException also when the driver cannot power off ({@link #canPowerOff()} false)
     */
    void powerOff() throws PowerException;

    /** The chassis power as the controller reports it ({@link Chassis#UNKNOWN} if it cannot tell). */
    Chassis state() throws PowerException;

    /** False for a driver that cannot power a host off (Wake-on-LAN). */
    default boolean canPowerOff() {
        return true;
    }

    /** The driver's name as in the settings: {@code ipmi}, {@code wol}, {@code simulated}. */
    String driver();

    /** Where it talks to, for messages, e.g. {@code ipmi 10.0.0.5:623 as hpm}; never a secret. */
    String describe();

    /** The chassis power a controller reports. */
    enum Chassis {
        ON, OFF, UNKNOWN
    }
}
