package dev.hpm.power.testing;

import dev.hpm.core.power.PowerControl;
import dev.hpm.power.IpmiPower;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture with the test's own hook commands, and its clean-up of a host left on. */
@Tag("ipmi")
class IpmiSimHostTest {
    @Test
    void customHooks_runOnPowerOn_andCloseStopsAHostLeftOn() throws Exception {
        IpmiSimHost bmc = IpmiSimHost.builder()
                .powerOn("echo started >> \"$HOST_DIR/custom.log\"; sleep 2147483647 </dev/null >/dev/null 2>&1 &"
                        + " echo $! > \"$HOST_DIR/custom.pid\"")
                .powerOff("[ -f \"$HOST_DIR/custom.pid\" ] && kill \"$(cat \"$HOST_DIR/custom.pid\")\"; "
                        + "rm -f \"$HOST_DIR/custom.pid\"")
                .powerState("[ -f \"$HOST_DIR/custom.pid\" ] && echo 1 || echo 0")
                .start();
        Path dir = bmc.dir();
        ProcessHandle host;
        try {
            IpmiPower power = new IpmiPower(bmc.settings());
            assertThat(power.state()).isEqualTo(PowerControl.Chassis.OFF);
            power.powerOn();
            assertThat(Files.readString(dir.resolve("custom.log"))).isEqualTo("started\n");
            assertThat(power.state()).isEqualTo(PowerControl.Chassis.ON);
            host = ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("custom.pid")).strip())).orElseThrow();
            assertThat(host.isAlive()).isTrue();
            assertThat(bmc.standInPid()).isEmpty();
        } finally {
            bmc.close(); // the host is left on
        }
        host.onExit().get(5, TimeUnit.SECONDS);
        assertThat(host.isAlive()).as("the hook's power-off ran at close").isFalse();
        assertThat(ProcessHandle.of(bmc.pid()).filter(ProcessHandle::isAlive)).as("ipmi_sim stopped").isEmpty();
        assertThat(dir).doesNotExist();
    }
}
