package dev.hpm.server.config;

import dev.hpm.codec.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code response-times} of {@code hpm serve}'s configuration (docs/workload-balancing.md,
 * "Where the completions come from"): HAProxy's log listener with the addresses it takes datagrams
 * from, Prometheus targets and the OTLP receiver, each off unless set. Problems go to the
 * document's list, each naming the setting, the value and the fix, as the rest of
 * {@link ServerConfigLoader}'s.
 */
final class ResponseTimesReader {
    private ResponseTimesReader() {
    }

    /** {@code response-times}: HAProxy's log listener and Prometheus targets, both off unless set. */
    static ServerConfig.ResponseTimes read(Node root) {
        if (!root.has("response-times")) {
            return ServerConfig.ResponseTimes.OFF;
        }
        Node rt = root.child("response-times");
        rt.object("haproxy-log", "prometheus", "otlp");
        Node log = rt.child("haproxy-log");
        int port = -1;
        String host = "127.0.0.1";
        List<String> allow = List.of();
        if (rt.has("haproxy-log")) {
            log.object("port", "host", "allow");
            port = (int) ServerConfigLoader.number(root.problems(), "response-times.haproxy-log.port", log.text("port", null), -1, 0, 65_535,
                    "use 1 to 65535 (or 0 for any free port) for HAProxy's log over UDP syslog");
            host = log.text("host", "127.0.0.1");
            allow = haproxyLogAllow(root, log, host);
        }
        List<ServerConfig.PrometheusTarget> targets = new ArrayList<>();
        int i = 0;
        for (Node t : rt.list("prometheus", false)) {
            String field = "response-times.prometheus[" + i++ + "]";
            t.object("url", "metric", "virtual-server");
            String url = t.text("url", null);
            String metric = t.text("metric", "http_server_request_duration_seconds");
            String vs = t.text("virtual-server", null);
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                root.problems().add(field + ".url", url, "give the application's metrics URL, e.g. http://10.0.0.5:9464/metrics");
                continue;
            }
            if (vs == null || vs.isBlank()) {
                root.problems().add(field + ".virtual-server", vs, "name the virtual server (name or UUID) this application runs on");
                continue;
            }
            targets.add(new ServerConfig.PrometheusTarget(url, metric, vs));
        }
        return new ServerConfig.ResponseTimes(host, port, targets, otlp(root, rt), allow);
    }

    /**
     * {@code response-times.haproxy-log.allow}: IP addresses. Syslog over UDP has no authentication
     * and its times steer the CPU manager, so a listener beyond loopback needs the list.
     */
    private static List<String> haproxyLogAllow(Node root, Node log, String host) {
        List<String> allow = new ArrayList<>();
        int i = 0;
        for (String a : log.texts("allow")) {
            String field = "response-times.haproxy-log.allow[" + i++ + "]";
            try {
                allow.add(java.net.InetAddress.ofLiteral(a).getHostAddress());
            } catch (IllegalArgumentException e) {
                root.problems().add(field, a, "write the IP address of a host that runs HAProxy, e.g. 10.0.0.2");
            }
        }
        if (!log.has("allow") && !ServerConfig.isLoopback(host)) {
            root.problems().add("response-times.haproxy-log.allow", null, "listening on " + host + " takes HAProxy's log "
                    + "from anyone who can reach the port (syslog over UDP has no authentication); list the addresses "
                    + "of the hosts that run HAProxy, e.g. allow: [10.0.0.2]");
        }
        return allow;
    }

    /** {@code response-times.otlp}: on when present ({@code {}} takes the defaults). */
    private static ServerConfig.Otlp otlp(Node root, Node rt) {
        if (!rt.has("otlp")) {
            return ServerConfig.Otlp.OFF;
        }
        Node o = rt.child("otlp");
        o.object("metric", "virtual-server-attribute");
        String metric = o.text("metric", ServerConfig.Otlp.OFF.metric());
        String attribute = o.text("virtual-server-attribute", ServerConfig.Otlp.OFF.virtualServerAttribute());
        if (metric.isBlank()) {
            root.problems().add("response-times.otlp.metric", metric,
                    "name the request-duration histogram, e.g. http.server.request.duration");
        }
        if (attribute.isBlank()) {
            root.problems().add("response-times.otlp.virtual-server-attribute", attribute,
                    "name the resource attribute that names the virtual server, e.g. host.name");
        }
        return new ServerConfig.Otlp(true, metric, attribute);
    }
}
