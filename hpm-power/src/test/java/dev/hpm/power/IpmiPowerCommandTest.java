package dev.hpm.power;

import dev.hpm.core.power.PowerException;
import dev.hpm.core.power.PowerSettings;
import dev.hpm.core.power.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * IpmiPower's command line and error handling with a scripted stand-in for ipmitool (no BMC): the
 * password never on the command line, ipmitool's output that echoes it blanked, exit status checked.
 */
class IpmiPowerCommandTest {
    private static final String PASSWORD = "pa55-w0rd-x";

    @TempDir
    Path dir;

    private IpmiPower fake(String script) throws Exception {
        Path tool = dir.resolve("ipmitool");
        Files.writeString(tool, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return new IpmiPower(new PowerSettings.Ipmi("10.0.0.5", 623, "hpm", Secret.of(PASSWORD),
                Duration.ofSeconds(10), Duration.ofMinutes(5)), tool.toString());
    }

    @Test
    void command_lanplusCipher3PasswordFromEnvironment() throws Exception {
        IpmiPower p = fake("exit 0");
        assertThat(p.command("status")).containsExactly(dir.resolve("ipmitool").toString(), "-I", "lanplus", "-C", "3",
                "-H", "10.0.0.5", "-p", "623", "-U", "hpm", "-E", "-N", "1", "-R", "2", "-v", "chassis", "power",
                "status");
        assertThat(String.join(" ", p.command("on"))).doesNotContain(PASSWORD);
    }

    @Test
    void call_passwordReachesIpmitoolOnlyThroughIPMI_PASSWORD() throws Exception {
        IpmiPower p = fake("[ \"$IPMI_PASSWORD\" = '" + PASSWORD + "' ] && echo 'Chassis Power is on' && exit 0; exit 3");
        assertThat(p.state()).isEqualTo(dev.hpm.core.power.PowerControl.Chassis.ON);
    }

    @Test
    void call_ipmitoolEchoesThePassword_blankedInTheError() throws Exception {
        IpmiPower p = fake("echo \"Loading IANA PEN Registry...\" >&2; echo \"bad things with $IPMI_PASSWORD\" >&2; exit 1");
        PowerException e = assertThrows(PowerException.class, p::powerOn);
        assertThat(e.getMessage()).isEqualTo("ipmitool chassis power on at 10.0.0.5:623 failed with exit status 1: "
                + "bad things with (hidden)");
    }

    @Test
    void call_missingIpmitool_saysWhatToInstall() {
        IpmiPower p = new IpmiPower(new PowerSettings.Ipmi("10.0.0.5", 623, "hpm", Secret.of(PASSWORD)),
                dir.resolve("none").toString());
        PowerException e = assertThrows(PowerException.class, p::powerOff);
        assertThat(e.getMessage()).startsWith("cannot run " + dir.resolve("none")).endsWith("install Debian's ipmitool package");
    }

    @Test
    void call_hugeOutput_boundedAndStillChecked() throws Exception {
        IpmiPower p = fake("head -c 5000000 /dev/zero | tr '\\0' x; echo; echo 'Chassis Power is off'");
        // the status line is beyond the 64 KiB kept: the state is unknown, and the call did not hang
        assertThat(p.state()).isEqualTo(dev.hpm.core.power.PowerControl.Chassis.UNKNOWN);
    }
}
