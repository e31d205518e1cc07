package dev.hpm.sasp;

import dev.hpm.core.balance.MemberWeight;
import dev.hpm.core.time.Timebase;
import dev.hpm.sasp.SaspMessage.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HPM as the Group Workload Manager of RFC 4678: the state of every load balancer by its LB UID
 * (its flags, its groups and their members, what it quiesced), the answer to every request, and
 * the push of weights to the load balancers that asked for it. A load balancer's state outlives
 * its connection for {@code grace}, so that a reconnect with the same LB UID finds its groups.
 * Thread-safe; time injected.
 */
public final class GroupWorkloadManager {
    /** The longest LB UID accepted (RFC 4678 leaves the maximum to the GWM). */
    public static final int MAX_LB_UID = 64;
    /** At most this many load balancers are known at once. */
    public static final int MAX_LBS = 64;

    private final WeightSource weights;
    private final Timebase time;
    private final Duration grace;
    private final int intervalSeconds;
    private final Map<String, Lb> lbs = new LinkedHashMap<>();
    private final AtomicInteger messageIds = new AtomicInteger();

    /**
     * @param interval the weights' interval: the polling interval HPM suggests and the push period
     * @param grace    how long an LB's state is kept after its connection closed
     */
    public GroupWorkloadManager(WeightSource weights, Timebase time, Duration interval, Duration grace) {
        this.weights = weights;
        this.time = time;
        this.grace = grace;
        this.intervalSeconds = (int) Math.clamp(interval.toSeconds(), 1, 65_535);
    }

    /** A load balancer's state. */
    private static final class Lb {
        final String uid;
        int health;
        int flags;
        Session session;
        long disconnectedAt = -1;
        final Map<String, Map<String, Registered>> groups = new LinkedHashMap<>();
        final Map<String, List<WeightEntry>> lastSent = new LinkedHashMap<>();

        Lb(String uid) {
            this.uid = uid;
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /** A registered member: its data, whether it registered itself, its state byte and quiesce flag. */
    private record Registered(MemberData data, boolean byMember, int state, boolean quiesced) {
    }

    /** What the API shows of a load balancer. */
    public record LbView(String uid, boolean connected, int health, boolean push, boolean trust, boolean noChange,
                         Map<String, List<String>> groups) {
    }

    /**
     * The reply to {@code request} from {@code session}, or null if the message needs none (a
     * reply sent to the GWM).
     */
    public synchronized Body handle(Session session, SaspMessage request) {
        Body body = request.body();
        if (!SaspCodec.isRequest(body.type())) {
            return null;
        }
        if (request.version() != SaspMessage.VERSION) {
            return SaspCodec.reply(body.type(), ReturnCode.NOT_UNDERSTOOD);
        }
        return switch (body) {
            case SetLbStateRequest r -> new SetLbStateReply(setLbState(session, r));
            case RegistrationRequest r -> new RegistrationReply(register(session, r));
            case DeregistrationRequest r -> new DeregistrationReply(deregister(r));
            case GetWeightsRequest r -> getWeights(r);
            case SetMemberStateRequest r -> new SetMemberStateReply(setMemberState(r));
            default -> SaspCodec.reply(body.type(), ReturnCode.NOT_UNDERSTOOD);
        };
    }

    private int setLbState(Session session, SetLbStateRequest r) {
        if (badUid(r.lbUid())) {
            return ReturnCode.BAD_LB_UID_SIZE;
        }
        Lb lb = lbs.get(r.lbUid());
        if (lb == null) {
            if (lbs.size() >= MAX_LBS) {
                return ReturnCode.NOT_ACCEPTED;
            }
            lb = new Lb(r.lbUid());
            lbs.put(lb.uid, lb);
        }
        lb.health = r.health();
        lb.flags = r.flags();
        lb.session = session;
        lb.disconnectedAt = -1;
        lb.lastSent.clear();
        return ReturnCode.OK;
    }

    private static boolean badUid(String uid) {
        return uid.isEmpty() || uid.length() > MAX_LB_UID;
    }

    /** The code of the first problem with the groups of a request, or OK. */
    private int check(boolean fromLb, List<GroupData> groups, boolean groupsMustExist) {
        Set<String> seen = new HashSet<>();
        for (GroupData g : groups) {
            if (badUid(g.lbUid())) {
                return ReturnCode.BAD_LB_UID_SIZE;
            }
            if (g.groupName().isEmpty()) {
                return ReturnCode.EMPTY_GROUP_NAME;
            }
            Lb lb = lbs.get(g.lbUid());
            if (!fromLb && lb == null) {
                return ReturnCode.LB_NOT_CONTACTED;
            }
            if (!fromLb && !lb.has(SetLbStateRequest.TRUST)) {
                return ReturnCode.NOT_ACCEPTED;
            }
            if (groupsMustExist && lb == null) {
                return ReturnCode.UNKNOWN_LB;
            }
            if (groupsMustExist && !lb.groups.containsKey(g.groupName())) {
                return ReturnCode.UNKNOWN_GROUP;
            }
            if (!seen.add(g.lbUid() + "\0" + g.groupName())) {
                return ReturnCode.DUPLICATE_GROUP;
            }
        }
        return ReturnCode.OK;
    }

    private int register(Session session, RegistrationRequest r) {
        int code = check(r.fromLb(), r.groups().stream().map(GroupMembers::group).toList(), false);
        if (code == ReturnCode.DUPLICATE_GROUP) {
            code = ReturnCode.DUPLICATE_MEMBER;
        }
        if (code != ReturnCode.OK) {
            return code;
        }
        for (GroupMembers g : r.groups()) {
            if (!printable(g.group().groupName())) {
                return ReturnCode.INVALID_GROUP;
            }
            Lb lb = lbs.get(g.group().lbUid());
            Map<String, Registered> existing = lb == null ? Map.of() : lb.groups.getOrDefault(g.group().groupName(), Map.of());
            Set<String> keys = new HashSet<>();
            for (MemberData m : g.members()) {
                if (!keys.add(m.key())) {
                    return ReturnCode.DUPLICATE_MEMBER;
                }
                if (existing.containsKey(m.key())) {
                    return ReturnCode.ALREADY_REGISTERED;
                }
            }
            if (existing.size() + g.members().size() > SaspCodec.MAX_MEMBERS) {
                return ReturnCode.NOT_ACCEPTED;
            }
        }
        for (GroupMembers g : r.groups()) {
            Lb lb = lbs.get(g.group().lbUid());
            if (lb == null) {
                if (lbs.size() >= MAX_LBS) {
                    return ReturnCode.NOT_ACCEPTED;
                }
                lb = new Lb(g.group().lbUid());
                lb.session = session;
                lbs.put(lb.uid, lb);
            }
            if (lb.groups.size() >= SaspCodec.MAX_GROUPS && !lb.groups.containsKey(g.group().groupName())) {
                return ReturnCode.NOT_ACCEPTED;
            }
            Map<String, Registered> members = lb.groups.computeIfAbsent(g.group().groupName(), k -> new LinkedHashMap<>());
            for (MemberData m : g.members()) {
                members.put(m.key(), new Registered(m, !r.fromLb(), 0, false));
            }
        }
        return ReturnCode.OK;
    }

    private static boolean printable(String name) {
        return name.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    private int deregister(DeregistrationRequest r) {
        int code = check(r.fromLb(), r.groups().stream().map(GroupMembers::group).toList(), true);
        if (code != ReturnCode.OK) {
            return code;
        }
        for (GroupMembers g : r.groups()) {
            Map<String, Registered> members = lbs.get(g.group().lbUid()).groups.get(g.group().groupName());
            Set<String> keys = new HashSet<>();
            for (MemberData m : g.members()) {
                if (!keys.add(m.key())) {
                    return ReturnCode.DUPLICATE_MEMBER;
                }
                if (!members.containsKey(m.key())) {
                    return ReturnCode.NOT_REGISTERED;
                }
            }
        }
        for (GroupMembers g : r.groups()) {
            Lb lb = lbs.get(g.group().lbUid());
            if (g.members().isEmpty()) {
                lb.groups.remove(g.group().groupName());
                lb.lastSent.remove(g.group().groupName());
            } else {
                Map<String, Registered> members = lb.groups.get(g.group().groupName());
                g.members().forEach(m -> members.remove(m.key()));
            }
        }
        return ReturnCode.OK;
    }

    private int setMemberState(SetMemberStateRequest r) {
        int code = check(r.fromLb(), r.groups().stream().map(GroupMemberStates::group).toList(), true);
        if (code != ReturnCode.OK) {
            return code;
        }
        for (GroupMemberStates g : r.groups()) {
            Map<String, Registered> members = lbs.get(g.group().lbUid()).groups.get(g.group().groupName());
            Set<String> keys = new HashSet<>();
            for (MemberState s : g.members()) {
                if (!keys.add(s.member().key())) {
                    return ReturnCode.DUPLICATE_MEMBER;
                }
                if (!members.containsKey(s.member().key())) {
                    return ReturnCode.NOT_REGISTERED;
                }
            }
        }
        for (GroupMemberStates g : r.groups()) {
            Map<String, Registered> members = lbs.get(g.group().lbUid()).groups.get(g.group().groupName());
            for (MemberState s : g.members()) {
                Registered old = members.get(s.member().key());
                members.put(s.member().key(), new Registered(old.data(), old.byMember(), s.state(), s.quiesce()));
            }
        }
        return ReturnCode.OK;
    }

    private Body getWeights(GetWeightsRequest r) {
        int code = check(true, r.groups(), true);
        if (code != ReturnCode.OK) {
            return new GetWeightsReply(code, intervalSeconds, List.of());
        }
        List<GroupWeights> out = new ArrayList<>();
        for (GroupData g : r.groups()) {
            out.add(new GroupWeights(g, entries(lbs.get(g.lbUid()).groups.get(g.groupName()))));
        }
        return new GetWeightsReply(ReturnCode.OK, intervalSeconds, out);
    }

    private List<WeightEntry> entries(Map<String, Registered> members) {
        List<WeightEntry> entries = new ArrayList<>();
        for (Registered m : members.values()) {
            MemberWeight w = weights.byEndpoint(m.data().protocol(), m.data().address().toString(), m.data().port());
            int flags = WeightEntry.REGISTRATION;
            int weight = 0;
            if (w != null) {
                flags |= (w.contactable() ? WeightEntry.CONTACT_SUCCESS : 0) | (w.confident() ? WeightEntry.CONFIDENT : 0)
                        | (w.quiesced() ? WeightEntry.QUIESCE : 0);
                weight = w.weight();
            }
            if (m.quiesced()) {
                flags |= WeightEntry.QUIESCE;
                weight = 0;
            }
            entries.add(new WeightEntry(m.data(), m.state(), flags, weight));
        }
        return entries;
    }

    /** The connection of {@code session} closed: its load balancers keep their state for the grace period. */
    public synchronized void disconnected(Session session) {
        for (Lb lb : lbs.values()) {
            if (lb.session == session) {
                lb.session = null;
                lb.disconnectedAt = time.nanos();
            }
        }
    }

    /**
     * Once per interval: forgets load balancers disconnected for longer than the grace period, and
     * sends Send Weights to every connected one that set the push flag: every group, or with the
     * no-change flag only the groups whose weights changed since the last push (nothing if none did).
     *
     * @return the number of Send Weights messages sent
     */
    public int push() {
        List<Map.Entry<Session, SaspMessage>> out = new ArrayList<>();
        synchronized (this) {
            long now = time.nanos();
            for (Iterator<Lb> it = lbs.values().iterator(); it.hasNext(); ) {
                Lb lb = it.next();
                if (lb.session == null && lb.disconnectedAt >= 0 && now - lb.disconnectedAt > grace.toNanos()) {
                    it.remove();
                }
            }
            for (Lb lb : lbs.values()) {
                if (lb.session == null || !lb.has(SetLbStateRequest.PUSH)) {
                    continue;
                }
                List<GroupWeights> groups = new ArrayList<>();
                for (Map.Entry<String, Map<String, Registered>> g : lb.groups.entrySet()) {
                    List<WeightEntry> entries = entries(g.getValue());
                    if (!lb.has(SetLbStateRequest.NO_CHANGE) || !entries.equals(lb.lastSent.get(g.getKey()))) {
                        groups.add(new GroupWeights(new GroupData(lb.uid, g.getKey()), entries));
                    }
                    lb.lastSent.put(g.getKey(), entries);
                }
                if (!groups.isEmpty()) {
                    out.add(Map.entry(lb.session, new SaspMessage(SaspMessage.VERSION, messageIds.incrementAndGet(),
                            new SendWeights(groups))));
                }
            }
        }
        int sent = 0;
        for (Map.Entry<Session, SaspMessage> e : out) {
            if (e.getKey().send(e.getValue())) {
                sent++;
            }
        }
        return sent;
    }

    /** The known load balancers, for the API. */
    public synchronized List<LbView> loadBalancers() {
        List<LbView> views = new ArrayList<>();
        for (Lb lb : lbs.values()) {
            Map<String, List<String>> groups = new LinkedHashMap<>();
            lb.groups.forEach((name, members) -> groups.put(name, members.values().stream()
                    .map(m -> m.data().address() + ":" + m.data().port()).toList()));
            views.add(new LbView(lb.uid, lb.session != null, lb.health, lb.has(SetLbStateRequest.PUSH),
                    lb.has(SetLbStateRequest.TRUST), lb.has(SetLbStateRequest.NO_CHANGE), groups));
        }
        return views;
    }

    /** The suggested polling interval, seconds. */
    public int intervalSeconds() {
        return intervalSeconds;
    }
}
