package dev.hpm.sasp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The 16-byte address field of a SASP Member Data component, kept as its bytes so that decoding
 * and encoding are byte-exact. RFC 4678 writes an IPv4 member as an IPv4-compatible IPv6 address,
 * {@code ::a.b.c.d} (twelve zero bytes, then the four of the IPv4 address), not as {@code ::ffff:a.b.c.d}.
 */
public record Ip16(long high, long low) {
    /** The bytes of the field. */
    public byte[] bytes() {
        return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
    }

    /** True if the field holds an IPv4 address ({@code ::a.b.c.d} with a ≠ 0; {@code ::1} stays IPv6). */
    public boolean isIpv4() {
        return high == 0 && (low >>> 32) == 0 && (low & 0xFF00_0000L) != 0;
    }

    /** The address as text: {@code 192.0.2.10} for IPv4, else the IPv6 text. */
    @Override
    public String toString() {
        if (isIpv4()) {
            return ((low >>> 24) & 0xFF) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." + (low & 0xFF);
        }
        try {
            return InetAddress.getByAddress(bytes()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The field for an address literal (IPv4 is written as {@code ::a.b.c.d}); never resolves names. */
    public static Ip16 of(String literal) {
        if (!dev.hpm.core.balance.Addresses.isLiteral(literal)) {
            throw new IllegalArgumentException(literal + " is no IP address literal");
        }
        try {
            byte[] a = InetAddress.getByName(literal).getAddress();
            return of(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal + " is no IP address literal", e);
        }
    }

    /** The field for 4 (IPv4) or 16 address bytes. */
    public static Ip16 of(byte[] address) {
        ByteBuffer b = ByteBuffer.allocate(16);
        if (address.length == 4) {
            b.position(12);
        } else if (address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        b.put(address).flip();
        return new Ip16(b.getLong(), b.getLong());
    }
}
