package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.core.cluster.ClusterMember;
import dev.hpm.core.cluster.Lease;
import dev.hpm.server.cluster.ClusterService;
import dev.hpm.server.cluster.ClusterView;
import dev.hpm.server.http.Route;
import dev.hpm.server.http.Routes;
import dev.hpm.server.security.Role;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /cluster} (docs/cluster.md): the instances sharing this database with their heartbeat
 * and hosts, and every host's lease (owner, epoch, expiry, age since its last renewal), as the
 * database has them now; any instance gives the same answer. Readable by viewers. A server that
 * runs alone answers {@code "clustered": false}.
 */
public final class ClusterController {
    private final ClusterService cluster;

    private ClusterController(ClusterService cluster) {
        this.cluster = cluster;
    }

    /** The routes of this controller, to add to {@link Routes#of}'s. */
    public static List<Route> routes(ApiContext api) {
        ClusterController c = new ClusterController(api.cluster());
        return List.of(new Route(HandlerType.GET, Routes.BASE + "/cluster", Role.VIEWER, c::get));
    }

    public void get(Context ctx) {
        ObjectNode body = Views.JSON.objectNode();
        if (cluster == null) {
            body.put("clustered", false);
            body.set("instances", Views.JSON.arrayNode());
            body.set("hosts", Views.JSON.arrayNode());
            ctx.json(body);
            return;
        }
        ClusterView view = cluster.view();
        body.put("clustered", true);
        body.put("self", view.self());
        body.put("time", view.now().toString());
        body.put("lease-seconds", seconds(view.settings().lease()));
        body.put("renew-every-seconds", seconds(view.settings().renewEvery()));
        ArrayNode instances = body.putArray("instances");
        for (ClusterMember m : view.members()) {
            ObjectNode o = instances.addObject();
            o.put("id", m.id());
            o.put("address", m.address());
            o.put("alive", view.alive(m));
            o.put("started", m.started().toString());
            o.put("heartbeat", m.heartbeat().toString());
            o.put("heartbeat-age-seconds", age(m.heartbeat(), view.now()));
            List<String> hosts = view.hostsOf(m.id());
            o.put("host-count", hosts.size());
            ArrayNode list = o.putArray("hosts");
            hosts.forEach(list::add);
        }
        ArrayNode hosts = body.putArray("hosts");
        for (Lease l : view.leases()) {
            ObjectNode o = hosts.addObject();
            o.put("host", l.host());
            if (l.owner() == null) {
                o.putNull("owner");
            } else {
                o.put("owner", l.owner());
            }
            o.put("epoch", l.epoch());
            o.put("valid", l.validAt(view.now()));
            o.put("expires", l.owner() == null ? null : l.expires().toString());
            if (l.renewed() == null || l.owner() == null) {
                o.putNull("lease-age-seconds");
            } else {
                o.put("lease-age-seconds", age(l.renewed(), view.now()));
            }
            o.put("acquired", l.acquired() == null || l.owner() == null ? null : l.acquired().toString());
        }
        ctx.json(body);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    static double age(Instant since, Instant now) {
        return Math.max(0, Duration.between(since, now).toMillis()) / 1000.0;
    }
}
