package dev.hpm.core.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Who should own which host, and what one instance does about it in one lease round
 * (docs/cluster.md). Pure: the same view gives the same plan on every instance.
 *
 * <p>The share-out: the live instances (heartbeat younger than the lease) sorted by id; {@code n}
 * hosts on {@code k} instances give each {@code n / k}, the first {@code n % k} one more. A host
 * stays with its current valid owner while that owner is live and within its share (so a join or
 * a leave moves only as many hosts as needed); the other hosts, in id order, fill the instances
 * below their share in id order. An instance then releases the hosts it holds that are now
 * another's, renews those that stay, and acquires those that are its own and whose lease is not
 * valid. A host whose lease is still valid for someone else is never taken: the owner releases it
 * on its next round, or the lease expires. The database's compare-and-set on the epoch makes sure
 * that two instances whose views differ for a moment still never hold one host together.
 */
public final class LeasePlan {
    private LeasePlan() {
    }

    /** What {@code self} does in one round: each list holds the leases as last read. */
    public record Moves(List<Lease> renew, List<Lease> acquire, List<Lease> release) {
        public Moves {
            renew = List.copyOf(renew);
            acquire = List.copyOf(acquire);
            release = List.copyOf(release);
        }
    }

    /**
     * The owner each host should have: host id to instance id, for every host in {@code hosts}.
     *
     * @param live the ids of the live instances (at least one)
     */
    public static Map<String, String> assignment(Collection<String> hosts, Collection<String> live,
                                                 Map<String, Lease> leases, Instant now) {
        List<String> members = new ArrayList<>(new TreeSet<>(live));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an assignment needs at least one live instance");
        }
        List<String> sortedHosts = new ArrayList<>(new TreeSet<>(hosts));
        Map<String, Integer> room = new HashMap<>();
        int base = sortedHosts.size() / members.size();
        int extra = sortedHosts.size() % members.size();
        for (int i = 0; i < members.size(); i++) {
            room.put(members.get(i), base + (i < extra ? 1 : 0));
        }
        Map<String, String> owners = new LinkedHashMap<>();
        List<String> unplaced = new ArrayList<>();
        for (String host : sortedHosts) {
            Lease lease = leases.get(host);
            String owner = lease != null && lease.validAt(now) ? lease.owner() : null;
            if (owner != null && room.getOrDefault(owner, 0) > 0) {
                owners.put(host, owner);
                room.merge(owner, -1, Integer::sum);
            } else {
                unplaced.add(host);
            }
        }
        int m = 0;
        for (String host : unplaced) {
            while (room.get(members.get(m)) == 0) {
                m++;
            }
            owners.put(host, members.get(m));
            room.merge(members.get(m), -1, Integer::sum);
        }
        return owners;
    }

    /**
     * The moves of {@code self} in this round.
     *
     * @param hosts   every host of the cluster
     * @param members the registry as read (self counts as live whatever its row says)
     * @param leases  the lease rows as read (a host without a row is free)
     * @param ttl     how long after its last heartbeat an instance counts as alive
     */
    public static Moves plan(String self, Collection<String> hosts, Collection<ClusterMember> members,
                             Collection<Lease> leases, Instant now, Duration ttl) {
        TreeSet<String> live = new TreeSet<>();
        live.add(self);
        for (ClusterMember member : members) {
            if (member.aliveAt(now, ttl)) {
                live.add(member.id());
            }
        }
        Map<String, Lease> byHost = new HashMap<>();
        leases.forEach(l -> byHost.put(l.host(), l));
        Map<String, String> owners = assignment(hosts, live, byHost, now);
        List<Lease> renew = new ArrayList<>();
        List<Lease> acquire = new ArrayList<>();
        List<Lease> release = new ArrayList<>();
        owners.forEach((host, owner) -> {
            Lease lease = byHost.getOrDefault(host, Lease.free(host));
            boolean mine = lease.heldBy(self, now);
            if (owner.equals(self) && mine) {
                renew.add(lease);
            } else if (owner.equals(self) && !lease.validAt(now)) {
                acquire.add(lease);
            } else if (mine) {
                release.add(lease);
            }
        });
        return new Moves(renew, acquire, release);
    }
}
