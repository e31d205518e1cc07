package dev.hpm.power;

import dev.hpm.core.power.PowerControl;
import dev.hpm.core.power.PowerException;
import dev.hpm.core.power.PowerSettings;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Power-on by Wake-on-LAN: the magic packet (six {@code FF} bytes, then the host NIC's MAC 16
 * times: 102 bytes) in one UDP datagram to the settings' broadcast address and port (docs/power.md).
 * Wake-on-LAN can only wake a host: {@link #powerOff()} always fails (power save leaves such a host
 * on; {@code HostPower} refuses before calling it) and the power state is
 * {@link PowerControl.Chassis#UNKNOWN} (a woken host is on once its hypervisor answers). The MAC
 * and address are validated by {@link PowerSettings.WakeOnLan}; the address is an IPv4 literal, so
 * nothing is resolved. Thread-safe.
 */
public final class WakeOnLan implements PowerControl {
    private static final int REPEATS = 16;

    private final PowerSettings.WakeOnLan settings;
    private final byte[] packet;
    private final InetAddress broadcast;

    /** @throws dev.hpm.core.model.InvalidDefinitionException if the settings are invalid */
    public WakeOnLan(PowerSettings.WakeOnLan settings) {
        this.settings = (PowerSettings.WakeOnLan) Objects.requireNonNull(settings, "settings").validate();
        this.packet = magicPacket(settings.macBytes());
        try {
            this.broadcast = InetAddress.getByAddress(settings.broadcastBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a validated IPv4 address is four bytes", e);
        }
    }

    /** The magic packet of a 6-byte MAC: 6 × {@code FF}, then the MAC 16 times. */
    public static byte[] magicPacket(byte[] mac) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + mac.length);
        }
        byte[] p = new byte[6 + REPEATS * 6];
        for (int i = 0; i < 6; i++) {
            p[i] = (byte) 0xff;
        }
        for (int r = 0; r < REPEATS; r++) {
            System.arraycopy(mac, 0, p, 6 + 6 * r, 6);
        }
        return p;
    }

    @Override
    public void powerOn() throws PowerException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setBroadcast(true);
            socket.send(new DatagramPacket(packet, packet.length, broadcast, settings.port()));
        } catch (IOException e) {
            throw new PowerException("could not send the Wake-on-LAN packet for " + settings.mac() + " to "
                    + settings.broadcast() + ":" + settings.port() + " (" + e.getMessage() + "): check the broadcast "
                    + "address and that this machine has a route to it");
        }
    }

    @Override
    public void powerOff() throws PowerException {
        throw new PowerException("Wake-on-LAN cannot power a host off (" + settings.mac() + "): only wake it; use "
                + "IPMI power settings for a host power save may power off");
    }

    @Override
    public Chassis state() {
        return Chassis.UNKNOWN;
    }

    @Override
    public boolean canPowerOff() {
        return false;
    }

    @Override
    public String driver() {
        return "wol";
    }

    @Override
    public String describe() {
        return "wol " + settings.mac() + " via " + settings.broadcast() + ":" + settings.port();
    }

    /** The packet as hex, for messages and tests. */
    String packetHex() {
        return HexFormat.of().formatHex(packet);
    }
}
