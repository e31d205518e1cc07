package dev.hpm.core.power;

import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PowerSettings' validation: every problem named with its setting, value and fix; secrets never shown. */
class PowerSettingsTest {
    private static final String PASSWORD = "Tr0ub4dor&3-xyz";

    private static PowerSettings.Ipmi ipmi() {
        return new PowerSettings.Ipmi("10.0.0.5", 623, "hpm", Secret.of(PASSWORD));
    }

    private static List<String> messages(PowerSettings s) {
        return s.problems().list().stream().map(Problem::message).toList();
    }

    @Test
    void ipmi_validSettings_noProblemAndDefaults() {
        assertThat(messages(ipmi())).isEmpty();
        assertThat(ipmi().powerOnTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ipmi().callTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(messages(new PowerSettings.Ipmi("bmc-7.rack2.example.org", 1623, "ADMIN", Secret.of("x")))).isEmpty();
        assertThat(messages(new PowerSettings.Ipmi("fd00::5", 623, "ADMIN", Secret.of("x")))).isEmpty();
    }

    @Test
    void ipmi_everyBadValue_eachNamedWithValueAndFix() {
        PowerSettings.Ipmi bad = new PowerSettings.Ipmi("-oProxy bmc", 70000, "user name",
                Secret.of("123456789012345678901"), Duration.ZERO, Duration.ofHours(2));
        assertThat(messages(bad)).containsExactly(
                "power-settings.address is \"-oProxy bmc\": give the BMC's IP address or host name, e.g. 10.0.0.5",
                "power-settings.port is 70000: use 1 to 65535 (IPMI's is 623)",
                "power-settings.username is \"user name\": use 1 to 16 printable ASCII characters without spaces (IPMI's limit)",
                "power-settings.password is (hidden): use at most 20 bytes (IPMI 2.0's limit)",
                "power-settings.call-timeout is PT0S: use 1s to 2min (bounds one BMC call; 10s is plenty on a LAN)",
                "power-settings.power-on-timeout is PT2H: use 1s to 60min (the time from power-on until the host's "
                        + "hypervisor answers; default 5min)");
    }

    @Test
    void ipmi_missingValues_saidMissing() {
        assertThat(messages(new PowerSettings.Ipmi(null, 623, null, null, null, null))).containsExactly(
                "power-settings.address is missing: give the BMC's IP address or host name, e.g. 10.0.0.5",
                "power-settings.username is missing: give the BMC user HPM logs in as (operator or admin privilege)",
                "power-settings.password is missing: give the BMC user's password",
                "power-settings.call-timeout is missing: use 1s to 2min (bounds one BMC call; 10s is plenty on a LAN)",
                "power-settings.power-on-timeout is missing: use 1s to 60min (the time from power-on until the host's "
                        + "hypervisor answers; default 5min)");
    }

    @Test
    void ipmi_passwordInNoTextAnywhere() {
        PowerSettings.Ipmi s = ipmi().withPassword(Secret.of(PASSWORD + "-and-far-too-long-for-ipmi"));
        InvalidDefinitionException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidDefinitionException.class,
                s::validate);
        assertThat(e.getMessage()).contains("power-settings.password is (hidden)").doesNotContain(PASSWORD);
        assertThat(s.toString()).isEqualTo("ipmi 10.0.0.5:623 as hpm (password (hidden))");
        assertThat(Secret.of(PASSWORD).toString()).isEqualTo("(hidden)");
        assertThat(Secret.of(PASSWORD)).isEqualTo(Secret.of(PASSWORD)).isNotEqualTo(Secret.of("other"));
        assertThat(Secret.of(PASSWORD).reveal()).isEqualTo(PASSWORD);
    }

    @Test
    void validate_problems_throwsAllAtOnce() {
        PowerSettings.Ipmi bad = new PowerSettings.Ipmi("", 0, "hpm", Secret.of("pw"));
        assertThatThrownBy(bad::validate).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("power-settings.address is \"\"")
                .hasMessageContaining("power-settings.port is 0");
        assertThat(ipmi().validate()).isEqualTo(ipmi());
    }

    @Test
    void wakeOnLan_macForms_parsedToBytes() {
        PowerSettings.WakeOnLan colon = new PowerSettings.WakeOnLan("52:54:00:AB:cd:0f");
        PowerSettings.WakeOnLan dash = new PowerSettings.WakeOnLan("52-54-00-ab-CD-0F");
        assertThat(messages(colon)).isEmpty();
        assertThat(messages(dash)).isEmpty();
        assertThat(colon.macBytes()).containsExactly(0x52, 0x54, 0x00, 0xab, 0xcd, 0x0f);
        assertThat(dash.macBytes()).containsExactly(colon.macBytes());
        assertThat(colon.broadcast()).isEqualTo("255.255.255.255");
        assertThat(colon.port()).isEqualTo(9);
        assertThat(new PowerSettings.WakeOnLan("52:54:00:ab:cd:0f", "10.1.2.255", 7, Duration.ofMinutes(3))
                .broadcastBytes()).containsExactly(10, 1, 2, 255);
    }

    @Test
    void wakeOnLan_badMacs_namedWithFix() {
        for (String mac : List.of("52:54:00:ab:cd", "52:54-00:ab:cd:0f", "5254.00ab.cd0f", "52:54:00:ab:cd:0g", "")) {
            assertThat(messages(new PowerSettings.WakeOnLan(mac))).as(mac).containsExactly("power-settings.mac is \""
                    + mac + "\": give the host NIC's MAC address as six hex pairs, e.g. 52:54:00:12:34:56");
        }
        for (String mac : List.of("ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "00:00:00:00:00:00")) {
            assertThat(messages(new PowerSettings.WakeOnLan(mac))).as(mac).containsExactly("power-settings.mac is \""
                    + mac + "\": use the NIC's own (unicast) address, not a zero, broadcast or multicast one");
        }
    }

    @Test
    void wakeOnLan_badBroadcastAndPort_named() {
        PowerSettings.WakeOnLan bad = new PowerSettings.WakeOnLan("52:54:00:ab:cd:0f", "10.0.0.256", 0, Duration.ofSeconds(0));
        assertThat(messages(bad)).containsExactly(
                "power-settings.broadcast is \"10.0.0.256\": give an IPv4 broadcast address, e.g. 255.255.255.255 or "
                        + "the host network's 10.0.0.255",
                "power-settings.port is 0: use 1 to 65535 (Wake-on-LAN's is 9)",
                "power-settings.power-on-timeout is PT0S: use 1s to 60min (the time from power-on until the host's "
                        + "hypervisor answers; default 5min)");
        assertThat(messages(new PowerSettings.WakeOnLan("52:54:00:ab:cd:0f", "lan.example", 9, Duration.ofMinutes(1))))
                .hasSize(1).allMatch(m -> m.startsWith("power-settings.broadcast is \"lan.example\""));
    }

    @Test
    void simulatedAndNone_drivers() {
        assertThat(new PowerSettings.Simulated().driver()).isEqualTo("simulated");
        assertThat(messages(new PowerSettings.Simulated(Duration.ofSeconds(30)))).isEmpty();
        assertThat(messages(new PowerSettings.Simulated(Duration.ofSeconds(-1)))).hasSize(1);
        assertThat(new PowerSettings.None().driver()).isEqualTo("none");
        assertThat(messages(new PowerSettings.None())).isEmpty();
    }

    @Test
    void problems_prefix_namesTheHost() {
        dev.hpm.core.model.Problems p = new dev.hpm.core.model.Problems();
        new PowerSettings.Ipmi("10.0.0.5", 0, "hpm", Secret.of("pw")).problems("hypervisors[kvm1].power-settings", p);
        assertThat(p.list()).extracting(Problem::field).containsExactly("hypervisors[kvm1].power-settings.port");
    }
}
