package dev.hpm.core.power;

import dev.hpm.core.model.Problems;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How HPM controls one host's power (docs/power.md): {@link Ipmi} through its BMC, {@link WakeOnLan}
 * (power-on only), {@link Simulated}, or {@link None}. The records hold the values as given;
 * {@link #problems} checks them all in one place and names each problem's setting, value and fix
 * (e.g. {@code power-settings.port is 70000: use 1 to 65535 (IPMI's is 623)}); {@link #validate}
 * throws them at once. Secrets are {@link Secret}s: no {@code toString} of a setting, a problem or
 * an exception shows them.
 *
 * <p>Every driver but {@code none} has a {@linkplain #powerOnTimeout() power-on deadline}: a host
 * is on only once its hypervisor answers, and one that does not answer by then is
 * power-on-failed ({@link HostPower}).
 */
public sealed interface PowerSettings {
    /** The default power-on deadline: a server's firmware, boot and hypervisor start, with room. */
    Duration DEFAULT_POWER_ON_TIMEOUT = Duration.ofMinutes(5);
    Duration MAX_POWER_ON_TIMEOUT = Duration.ofHours(1);
    /** The default bound of one BMC call (ipmitool answers in about 40 ms on loopback). */
    Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
    Duration MAX_CALL_TIMEOUT = Duration.ofMinutes(2);
    int IPMI_PORT = 623;
    int WOL_PORT = 9;
    String WOL_BROADCAST = "255.255.255.255";

    /** The driver's name: {@code ipmi}, {@code wol}, {@code simulated}, {@code none}. */
    String driver();

    /** How long a power-on may take until the host's hypervisor answers. */
    Duration powerOnTimeout();

    /** Adds every problem to {@code p}, naming fields under {@code prefix} (e.g. {@code power-settings}). */
    void problems(String prefix, Problems p);

    /** Every problem under the prefix {@code power-settings}. */
    default Problems problems() {
        Problems p = new Problems();
        problems("power-settings", p);
        return p;
    }

    /** Throws an {@code InvalidDefinitionException} naming every problem; returns this when there is none. */
    default PowerSettings validate() {
        problems().throwIfAny();
        return this;
    }

    /**
     * IPMI 2.0 over LAN ({@code ipmitool -I lanplus -C 3}).
     *
     * @param address     the BMC's IP address or host name
     * @param port        its UDP port (623)
     * @param username    an IPMI user with at least operator privilege (at most 16 bytes)
     * @param password    its password (at most 20 bytes), given to ipmitool in its environment only
     * @param callTimeout the bound of one ipmitool call
     */
    record Ipmi(String address, int port, String username, Secret password, Duration callTimeout,
                Duration powerOnTimeout) implements PowerSettings {
        /** With the default call timeout and power-on deadline. */
        public Ipmi(String address, int port, String username, Secret password) {
            this(address, port, username, password, DEFAULT_CALL_TIMEOUT, DEFAULT_POWER_ON_TIMEOUT);
        }

        @Override
        public String driver() {
            return "ipmi";
        }

        public Ipmi withPowerOnTimeout(Duration value) {
            return new Ipmi(address, port, username, password, callTimeout, value);
        }

        public Ipmi withCallTimeout(Duration value) {
            return new Ipmi(address, port, username, password, value, powerOnTimeout);
        }

        public Ipmi withPassword(Secret value) {
            return new Ipmi(address, port, username, value, callTimeout, powerOnTimeout);
        }

        @Override
        public void problems(String prefix, Problems p) {
            Checks.host(p, prefix + ".address", address, "the BMC's IP address or host name, e.g. 10.0.0.5");
            Checks.port(p, prefix + ".port", port, "IPMI's is " + IPMI_PORT);
            if (username == null || username.isEmpty()) {
                p.add(prefix + ".username", username, "give the BMC user HPM logs in as (operator or admin privilege)");
            } else if (!Checks.PRINTABLE.matcher(username).matches() || username.length() > 16) {
                p.add(prefix + ".username", username, "use 1 to 16 printable ASCII characters without spaces (IPMI's limit)");
            }
            if (password == null || password.isEmpty()) {
                p.add(prefix + ".password", password == null ? null : password, "give the BMC user's password");
            } else if (password.utf8Length() > 20) {
                p.add(prefix + ".password", password, "use at most 20 bytes (IPMI 2.0's limit)");
            }
            Checks.duration(p, prefix + ".call-timeout", callTimeout, Duration.ofSeconds(1), MAX_CALL_TIMEOUT,
                    "bounds one BMC call; 10s is plenty on a LAN");
            Checks.powerOn(p, prefix, powerOnTimeout);
        }

        @Override
        public String toString() {
            return "ipmi " + address + ":" + port + " as " + username + " (password " + Secret.HIDDEN + ")";
        }
    }

    /**
     * Wake-on-LAN: the magic packet (6 × {@code FF}, then the MAC 16 times) by UDP to a broadcast
     * address. It can power a host on, never off (a host with this driver is not powered off by
     * power save), and cannot read the power state.
     *
     * @param mac       the host NIC's MAC address, {@code aa:bb:cc:dd:ee:ff} or with {@code -}
     * @param broadcast the IPv4 broadcast address of the host's network (255.255.255.255, or a
     *                  directed broadcast such as 10.0.0.255)
     * @param port      the UDP port (9, the discard port; 7 also works for most NICs)
     */
    record WakeOnLan(String mac, String broadcast, int port, Duration powerOnTimeout) implements PowerSettings {
        private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}");

        /** To the limited broadcast 255.255.255.255, port 9, with the default power-on deadline. */
        public WakeOnLan(String mac) {
            this(mac, WOL_BROADCAST, WOL_PORT, DEFAULT_POWER_ON_TIMEOUT);
        }

        @Override
        public String driver() {
            return "wol";
        }

        /** The MAC's six bytes; call only on validated settings. */
        public byte[] macBytes() {
            byte[] out = new byte[6];
            for (int i = 0; i < 6; i++) {
                out[i] = (byte) Integer.parseInt(mac.substring(3 * i, 3 * i + 2), 16);
            }
            return out;
        }

        /** The broadcast address's four bytes; call only on validated settings. */
        public byte[] broadcastBytes() {
            return Checks.ipv4(broadcast);
        }

        @Override
        public void problems(String prefix, Problems p) {
            if (mac == null || !MAC.matcher(mac).matches()) {
                p.add(prefix + ".mac", mac, "give the host NIC's MAC address as six hex pairs, e.g. 52:54:00:12:34:56");
            } else {
                byte[] b = macBytes();
                boolean zero = true;
                for (byte x : b) {
                    zero &= x == 0;
                }
                if (zero || (b[0] & 1) != 0) {
                    p.add(prefix + ".mac", mac, "use the NIC's own (unicast) address, not a zero, broadcast or multicast one");
                }
            }
            byte[] ip = broadcast == null ? null : Checks.ipv4(broadcast);
            if (ip == null || (ip[0] | ip[1] | ip[2] | ip[3]) == 0) {
                p.add(prefix + ".broadcast", broadcast, "give an IPv4 broadcast address, e.g. 255.255.255.255 or the "
                        + "host network's 10.0.0.255");
            }
            Checks.port(p, prefix + ".port", port, "Wake-on-LAN's is " + WOL_PORT);
            Checks.powerOn(p, prefix, powerOnTimeout);
        }
    }

    /** The simulated chassis ({@link SimulatedPower}). */
    record Simulated(Duration powerOnTimeout) implements PowerSettings {
        public Simulated() {
            this(DEFAULT_POWER_ON_TIMEOUT);
        }

        @Override
        public String driver() {
            return "simulated";
        }

        @Override
        public void problems(String prefix, Problems p) {
            Checks.powerOn(p, prefix, powerOnTimeout);
        }
    }

    /** No power control: power save never powers the host off, and power-on is refused. */
    record None() implements PowerSettings {
        @Override
        public String driver() {
            return "none";
        }

        @Override
        public Duration powerOnTimeout() {
            return DEFAULT_POWER_ON_TIMEOUT;
        }

        @Override
        public void problems(String prefix, Problems p) {
        }
    }
}
