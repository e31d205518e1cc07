package dev.hpm.core.balance;

import dev.hpm.core.model.Problems;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A load-balancing group: a named set of members among which a load balancer spreads work, and
 * for which HPM derives a weight per member every interval ({@link WeightRule}). Defined through
 * the API or registered by a load balancer over SASP ({@code owner} is then its LB UID).
 *
 * @param id          stable identifier (the name, for groups defined through the API)
 * @param name        unique name, 1–64 characters of letters, digits, {@code . _ -}
 * @param description free text, may be empty
 * @param owner       the LB UID of the load balancer that registered it, or null if defined by an operator
 * @param members     its members, unique by name and by address, port and protocol
 */
public record BalancingGroup(String id, String name, String description, String owner, List<Member> members) {
    /** Names of groups and members. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** At most this many members per group. */
    public static final int MAX_MEMBERS = 256;

    public BalancingGroup {
        Objects.requireNonNull(name, "name");
        id = id == null ? name : id;
        description = description == null ? "" : description;
        members = List.copyOf(members);
    }

    /** Transport protocol of a member (the SASP protocol byte is the IP protocol number). */
    public enum Protocol {
        TCP(6), UDP(17);

        private final int number;

        Protocol(int number) {
            this.number = number;
        }

        public int number() {
            return number;
        }

        /** The protocol of IP protocol number {@code n}, or null. */
        public static Protocol of(int n) {
            for (Protocol p : values()) {
                if (p.number == n) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * A member: an application instance on a virtual server.
     *
     * @param name          unique in its group; the HAProxy agent check asks for {@code group/name}
     * @param virtualServer the VS that runs it: its UUID or name (null: not backed by a known VS)
     * @param address       its IP address as text (IPv4 or IPv6), or empty for a whole VS
     * @param port          its port, 0 for a whole VS
     */
    public record Member(String name, String virtualServer, String address, int port, Protocol protocol) {
        public Member {
            Objects.requireNonNull(name, "name");
            address = address == null ? "" : address;
            protocol = protocol == null ? Protocol.TCP : protocol;
        }
    }

    /** The member named {@code member}, or null. */
    public Member member(String member) {
        for (Member m : members) {
            if (m.name().equals(member)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Checks names, sizes and uniqueness; every problem at once.
     *
     * @throws dev.hpm.core.model.InvalidDefinitionException listing them
     */
    public BalancingGroup validate() {
        Problems p = new Problems();
        if (!NAME.matcher(name).matches()) {
            p.add("name", name, "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (description.length() > 1000) {
            p.add("description", description.length() + " characters", "use at most 1000 characters");
        }
        if (members.size() > MAX_MEMBERS) {
            p.add("members", members.size(), "use at most " + MAX_MEMBERS + " members per group");
        }
        Set<String> names = new HashSet<>();
        Set<String> endpoints = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            String at = "members[" + i + "]";
            if (!NAME.matcher(m.name()).matches()) {
                p.add(at + ".name", m.name(), "use 1 to 64 letters, digits, '.', '_' or '-'");
            } else if (!names.add(m.name())) {
                p.add(at + ".name", m.name(), "is used twice in this group");
            }
            if (m.port() < 0 || m.port() > 65_535) {
                p.add(at + ".port", m.port(), "use 1 to 65535, or 0 for a whole virtual server");
            }
            if (!m.address().isEmpty() && !Addresses.isLiteral(m.address())) {
                p.add(at + ".address", m.address(), "write an IPv4 or IPv6 address, e.g. 192.0.2.10");
            }
            if ((m.virtualServer() == null || m.virtualServer().isBlank()) && m.address().isEmpty()) {
                p.add(at, m.name(), "give its virtual-server, its address and port, or both");
            }
            if (!m.address().isEmpty() && !endpoints.add(m.protocol() + " " + m.address() + " " + m.port())) {
                p.add(at + ".address", m.address() + ":" + m.port(), "another member has this address, port and protocol");
            }
        }
        p.throwIfAny();
        return this;
    }
}
