package dev.hpm.power;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.power.HostPower;
import dev.hpm.core.time.Timebase;
import dev.hpm.power.testing.IpmiSimHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A power-on made to fail through a real BMC: the BMC refuses it (its chassis hook fails), or it
 * accepts it and the host never comes up (the hook does nothing). Both end power-on-failed.
 */
@Tag("ipmi")
class IpmiFailingPowerOnTest {
    private static PoolActuator.Handle powerOn(IpmiSimHost bmc, Duration deadline, ExecutorService executor,
                                               HostPower[] out) throws InterruptedException {
        HostPower.Probe probe = new HostPower.Probe() {
            @Override
            public boolean answers() {
                return bmc.standInPid().isPresent();
            }

            @Override
            public List<String> runningServers() {
                return List.of();
            }
        };
        HostPower power = new HostPower("sim-host", bmc.settings().withPowerOnTimeout(deadline),
                new IpmiPower(bmc.settings()), probe, PowerState.OFF, Timebase.system(), executor);
        out[0] = power;
        PoolActuator.Handle h = power.powerOn();
        long until = System.nanoTime() + deadline.plusSeconds(5).toNanos();
        while (!h.state().finished() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        return h;
    }

    @Test
    void bmcRefusesThePowerOn_powerOnFailedAtOnce() throws Exception {
        try (IpmiSimHost bmc = IpmiSimHost.builder().powerOn("echo broken >&2; exit 1").start();
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            HostPower[] power = new HostPower[1];
            long t0 = System.nanoTime();
            PoolActuator.Handle h = powerOn(bmc, Duration.ofMinutes(5), executor, power);
            assertThat(h.state()).isEqualTo(PoolActuator.State.FAILED);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(h.detail()).isEqualTo("power-on of host sim-host failed: ipmitool chassis power on at 127.0.0.1:"
                    + bmc.port() + " failed with exit status 1: Set Chassis Power Control to Up/On failed: Unspecified "
                    + "error; marked power-on-failed");
            assertThat(power[0].status().stateName()).isEqualTo("power-on-failed");
        }
    }

    @Test
    void hostNeverComesUp_powerOnFailedAtTheDeadline() throws Exception {
        try (IpmiSimHost bmc = IpmiSimHost.builder().powerOn("true").start();
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            HostPower[] power = new HostPower[1];
            long t0 = System.nanoTime();
            PoolActuator.Handle h = powerOn(bmc, Duration.ofSeconds(2), executor, power);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(h.state()).isEqualTo(PoolActuator.State.FAILED);
            assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
            assertThat(h.detail()).isEqualTo("host sim-host did not come up within its power-on deadline of 2 s (it did "
                    + "not answer); marked power-on-failed, power save does not choose it until an operator clears it");
            assertThat(power[0].state()).isEqualTo(PowerState.FAILED);
            assertThat(bmc.hookCalls()).contains("0x20 set power 1");
        }
    }
}
