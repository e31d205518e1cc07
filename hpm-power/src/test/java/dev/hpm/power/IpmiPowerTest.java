package dev.hpm.power;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.power.HostPower;
import dev.hpm.core.power.PowerControl;
import dev.hpm.core.power.PowerException;
import dev.hpm.core.power.PowerSettings;
import dev.hpm.core.power.Secret;
import dev.hpm.core.time.Timebase;
import dev.hpm.power.testing.IpmiSimHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * IpmiPower against a real BMC simulator: Debian's ipmi_sim on loopback, whose chassis hook starts
 * and stops a stand-in host process ({@link IpmiSimHost}), driven by the real ipmitool.
 */
@Tag("ipmi")
class IpmiPowerTest {
    private static IpmiSimHost bmc;

    @BeforeAll
    static void start() {
        bmc = IpmiSimHost.builder().start();
    }

    @AfterAll
    static void stop() {
        if (bmc != null) {
            bmc.close();
            assertThat(ProcessHandle.of(bmc.pid()).filter(ProcessHandle::isAlive)).as("ipmi_sim stopped").isEmpty();
            assertThat(bmc.dir()).doesNotExist();
        }
    }

    private static Optional<Long> awaitStandIn(boolean running) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (bmc.standInPid().isPresent() != running && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return bmc.standInPid();
    }

    @Test
    void chassisPower_onStatusOff_startsAndStopsTheStandInHost() throws Exception {
        IpmiPower power = new IpmiPower(bmc.settings());
        List<String> figures = new ArrayList<>();
        assertThat(power.state()).isEqualTo(PowerControl.Chassis.OFF);
        figures.add("status " + power.lastCall().toMillis() + " ms");
        assertThat(bmc.standInPid()).isEmpty();

        power.powerOn();
        figures.add("on " + power.lastCall().toMillis() + " ms");
        long pid = awaitStandIn(true).orElseThrow(() -> new AssertionError("no stand-in host after power on: "
                + bmc.hookCalls()));
        ProcessHandle host = ProcessHandle.of(pid).orElseThrow();
        assertThat(host.isAlive()).isTrue();
        assertThat(host.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));
        assertThat(power.state()).isEqualTo(PowerControl.Chassis.ON);
        figures.add("status " + power.lastCall().toMillis() + " ms");

        power.powerOff();
        figures.add("off " + power.lastCall().toMillis() + " ms");
        host.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(host.isAlive()).as("the stand-in host process %d stopped", pid).isFalse();
        assertThat(bmc.standInPid()).isEmpty();
        assertThat(power.state()).isEqualTo(PowerControl.Chassis.OFF);
        assertThat(bmc.hookCalls()).contains("0x20 set power 1", "0x20 set power 0");
        System.out.println("IpmiPowerTest: ipmitool call times: " + String.join(", ", figures));
        assertThat(power.lastCall()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void wrongPassword_clearErrorWithoutAnyPassword() {
        String wrong = "wrong" + bmc.password().substring(3); // as long, never a prefix of the right one
        IpmiPower power = new IpmiPower(bmc.settings().withPassword(Secret.of(wrong)));
        PowerException e = assertThrows(PowerException.class, power::powerOn);
        assertThat(e.getMessage()).isEqualTo("the BMC at 127.0.0.1:" + bmc.port() + " refused the password of user "
                + bmc.username() + " (RAKP 2 HMAC is invalid): check the power settings' username and password");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        for (String text : List.of(trace.toString(), bmc.simLog(), String.join("\n", bmc.hookCalls()),
                String.join(" ", power.command("on")), power.describe(), bmc.settings().toString())) {
            assertThat(text).doesNotContain(wrong).doesNotContain(bmc.password());
        }
        assertThat(bmc.standInPid()).isEmpty();
        System.out.println("IpmiPowerTest: wrong password refused in " + power.lastCall().toMillis() + " ms");
    }

    @Test
    void unknownUser_saysSo() {
        IpmiPower power = new IpmiPower(new PowerSettings.Ipmi(IpmiSimHost.ADDRESS, bmc.port(), "nobody",
                Secret.of(bmc.password())));
        PowerException e = assertThrows(PowerException.class, power::state);
        assertThat(e.getMessage()).isEqualTo("the BMC at 127.0.0.1:" + bmc.port() + " does not know the user nobody "
                + "(unauthorized name): check the power settings' username");
    }

    @Test
    void unreachableBmc_failsWithinTheCallTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) { // takes packets, never answers
            PowerSettings.Ipmi settings = new PowerSettings.Ipmi("127.0.0.1", silent.getLocalPort(), "hpm",
                    Secret.of("pw"));
            // 1 s: ipmitool would retry for about 2 s; IpmiPower stops it at its limit
            IpmiPower quick = new IpmiPower(settings.withCallTimeout(Duration.ofSeconds(1)));
            long t0 = System.nanoTime();
            PowerException stopped = assertThrows(PowerException.class, quick::powerOn);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(stopped.getMessage()).isEqualTo("ipmitool chassis power on at 127.0.0.1:" + silent.getLocalPort()
                    + " did not finish within 1 s and was stopped: check that the BMC is reachable");
            assertThat(took).isLessThan(Duration.ofMillis(2500));
            String port = " -p " + silent.getLocalPort() + " ";
            assertThat(ProcessHandle.allProcesses().filter(ph -> ph.info().commandLine().orElse("").contains(port)))
                    .as("the stopped ipmitool is gone").isEmpty();
            // 5 s: ipmitool's own retries (sized to fit) give up first, and say there was no answer
            IpmiPower patient = new IpmiPower(settings.withCallTimeout(Duration.ofSeconds(5)));
            t0 = System.nanoTime();
            PowerException none = assertThrows(PowerException.class, patient::state);
            Duration took2 = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(none.getMessage()).startsWith("no answer from a BMC at 127.0.0.1:" + silent.getLocalPort() + " (")
                    .endsWith("): check the address and port, that IPMI over LAN is enabled on the BMC and that UDP "
                            + "reaches it");
            assertThat(took2).isLessThan(Duration.ofSeconds(5));
            System.out.println("IpmiPowerTest: unreachable BMC: stopped at the 1 s limit after " + took.toMillis()
                    + " ms; ipmitool gave up by itself after " + took2.toMillis() + " ms (limit 5 s)");
        }
    }

    @Test
    void hostPower_throughIpmi_onOnceTheHostAnswersAndOffOnlyWhenEmpty() throws Exception {
        AtomicReference<List<String>> servers = new AtomicReference<>(List.of());
        HostPower.Probe probe = new HostPower.Probe() {
            @Override
            public boolean answers() {
                return bmc.standInPid().isPresent();
            }

            @Override
            public List<String> runningServers() {
                return servers.get();
            }
        };
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            HostPower power = new HostPower("sim-host", bmc.settings(), new IpmiPower(bmc.settings()), probe,
                    PowerState.OFF, Timebase.system(), executor);
            long t0 = System.nanoTime();
            PoolActuator.Handle on = power.powerOn();
            while (!on.state().finished() && System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos()) {
                Thread.sleep(20); // the test polls as the pool runner does, only more often
            }
            assertThat(on.state()).as(on.detail()).isEqualTo(PoolActuator.State.DONE);
            assertThat(power.state()).isEqualTo(PowerState.ON);
            long pid = bmc.standInPid().orElseThrow();
            System.out.println("IpmiPowerTest: HostPower on through IPMI until the host answered: "
                    + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms (" + on.detail() + ")");

            servers.set(List.of("guest-1"));
            PoolActuator.Handle refused = power.powerOff();
            awaitFinished(refused);
            assertThat(refused.state()).isEqualTo(PoolActuator.State.FAILED);
            assertThat(refused.detail()).startsWith("power-off of host sim-host refused: it runs 1 virtual server (guest-1)");
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the host still runs").isPresent();
            assertThat(power.state()).isEqualTo(PowerState.ON);

            servers.set(List.of());
            PoolActuator.Handle off = power.powerOff();
            awaitFinished(off);
            assertThat(off.state()).as(off.detail()).isEqualTo(PoolActuator.State.DONE);
            assertThat(power.state()).isEqualTo(PowerState.OFF);
            assertThat(awaitStandIn(false)).isEmpty();
        }
    }

    private static void awaitFinished(PoolActuator.Handle h) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!h.state().finished() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }
}
