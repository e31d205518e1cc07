package dev.hpm.sasp;

import dev.hpm.core.balance.MemberWeight;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Weights the tests set: by "address:port" and by "group/member". */
final class TestWeights implements WeightSource {
    final Map<String, MemberWeight> byEndpoint = new ConcurrentHashMap<>();
    final Map<String, MemberWeight> byName = new ConcurrentHashMap<>();

    static MemberWeight serving(String member, int weight) {
        return new MemberWeight(member, weight, weight, true, false, true, List.of(), "test");
    }

    TestWeights set(String group, String member, String address, int port, MemberWeight w) {
        byEndpoint.put(address + ":" + port, w);
        byName.put(group + "/" + member, w);
        return this;
    }

    @Override
    public MemberWeight byEndpoint(int protocol, String address, int port) {
        return protocol == 6 ? byEndpoint.get(address + ":" + port) : null;
    }

    @Override
    public MemberWeight byName(String group, String member) {
        return byName.get(group + "/" + member);
    }
}
