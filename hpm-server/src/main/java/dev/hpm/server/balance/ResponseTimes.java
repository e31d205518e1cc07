package dev.hpm.server.balance;

import dev.hpm.core.balance.BalancingGroup;
import dev.hpm.core.time.Timebase;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.rt.HaproxyLogReceiver;
import dev.hpm.server.rt.OtlpMetricsReceiver;
import dev.hpm.server.rt.PrometheusScraper;
import dev.hpm.server.rt.ResponseTimeCollector;
import dev.hpm.server.runtime.ExecutorScheduler;
import dev.hpm.server.runtime.ServerState;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The response-time sources of {@code hpm serve} (docs/workload-balancing.md, "Response-time
 * goals"), feeding one {@link ResponseTimeCollector} that the control loops read through
 * {@link ServerState#responseTimes()}: HAProxy's request log, whose server address and port map to
 * a load-balancing member and so to its VS, Prometheus histograms, scraped twice per interval,
 * each naming its VS, and histograms applications push over OTLP/HTTP, whose resource names the VS.
 */
final class ResponseTimes implements AutoCloseable {
    private final HaproxyLogReceiver log;
    private final ExecutorScheduler scraping;
    private final OtlpMetricsReceiver otlp;

    private ResponseTimes(HaproxyLogReceiver log, ExecutorScheduler scraping, OtlpMetricsReceiver otlp) {
        this.log = log;
        this.scraping = scraping;
        this.otlp = otlp;
    }

    /** Starts the configured sources; scrapes run on their own thread, so a slow target never delays the weights. */
    static ResponseTimes start(ServerConfig.ResponseTimes config, BalancingService groups, ServerState state,
                               Timebase time, Duration interval, Consumer<String> say) {
        if (!config.any()) {
            return new ResponseTimes(null, null, null);
        }
        ResponseTimeCollector collector = new ResponseTimeCollector();
        HaproxyLogReceiver log = null;
        if (config.haproxyLogPort() >= 0) {
            MemberIndex members = new MemberIndex(groups);
            log = new HaproxyLogReceiver(config.haproxyLogHost(), config.haproxyLogPort(), collector,
                    members::virtualServer, config.haproxyLogAllow());
            say.accept("HAProxy request log (syslog over UDP) on " + config.haproxyLogHost() + ":" + log.port()
                    + (config.haproxyLogAllow().isEmpty() ? "" : ", from " + String.join(", ", config.haproxyLogAllow())));
        }
        ExecutorScheduler scraping = null;
        if (!config.prometheus().isEmpty()) {
            PrometheusScraper scraper = new PrometheusScraper(config.prometheus().stream().map(t ->
                    new PrometheusScraper.Target(URI.create(t.url()), t.metric(), t.virtualServer())).toList(), collector);
            scraping = new ExecutorScheduler("hpm-response-times", time);
            scraping.scheduleAtFixedRate(scraper::scrape, Duration.ZERO, interval.dividedBy(2));
            say.accept("response times scraped from " + config.prometheus().size() + " Prometheus target(s)");
        }
        OtlpMetricsReceiver otlp = null;
        if (config.otlp().enabled()) {
            otlp = new OtlpMetricsReceiver(config.otlp().metric(), config.otlp().virtualServerAttribute(), collector);
            say.accept("response times received over OTLP/HTTP (metric " + config.otlp().metric() + ", the VS named by "
                    + "the resource attribute " + config.otlp().virtualServerAttribute() + ")");
        }
        state.responseTimes(collector);
        return new ResponseTimes(log, scraping, otlp);
    }

    /**
     * The VS of the load-balancing member at an address and port, from an index of the members
     * rebuilt whenever the groups change (the service swaps in a new list after every change).
     */
    private static final class MemberIndex {
        private final BalancingService groups;
        private java.util.List<BalancingGroup> indexed;
        private java.util.Map<String, String> byEndpoint = java.util.Map.of();

        MemberIndex(BalancingService groups) {
            this.groups = groups;
        }

        synchronized String virtualServer(String address, int port) {
            java.util.List<BalancingGroup> now = groups.groups();
            if (now != indexed) {
                java.util.Map<String, String> map = new java.util.HashMap<>();
                for (BalancingGroup g : now) {
                    for (BalancingGroup.Member m : g.members()) {
                        if (m.virtualServer() != null) {
                            map.putIfAbsent(m.address() + ":" + m.port(), m.virtualServer());
                        }
                    }
                }
                byEndpoint = map;
                indexed = now;
            }
            return byEndpoint.get(address + ":" + port);
        }
    }

    /** The OTLP receiver, or null when {@code response-times.otlp} is not configured. */
    OtlpMetricsReceiver otlp() {
        return otlp;
    }

    int haproxyLogPort() {
        return log == null ? -1 : log.port();
    }

    @Override
    public void close() {
        if (scraping != null) {
            scraping.close();
        }
        if (log != null) {
            log.close();
        }
    }
}
