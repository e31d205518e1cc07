package dev.hpm.sasp;

import dev.hpm.core.balance.MemberWeight;

/**
 * Where the SASP server and the agent-check listener get each member's weight: HPM's
 * load-balancing service (the weights of the latest interval, {@link dev.hpm.core.balance.WeightRule}).
 */
public interface WeightSource {
    /** The weight of the member at {@code address}:{@code port} ({@code protocol} an IP protocol number), or null if HPM knows no such member. */
    MemberWeight byEndpoint(int protocol, String address, int port);

    /** The weight of member {@code member} of group {@code group}, or null if there is none. */
    MemberWeight byName(String group, String member);
}
