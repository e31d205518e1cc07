package dev.hpm.server.balance;

import dev.hpm.core.balance.WeightRule;
import dev.hpm.core.pool.Scheduler;
import dev.hpm.core.time.Timebase;
import dev.hpm.sasp.AgentCheckServer;
import dev.hpm.sasp.GroupWorkloadManager;
import dev.hpm.sasp.SaspServer;
import dev.hpm.sasp.TlsKeys;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.runtime.ExecutorScheduler;
import dev.hpm.server.runtime.ManagementService;
import dev.hpm.server.runtime.ServerState;
import dev.hpm.store.Store;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Everything of {@code hpm serve} that load balancers talk to: the weights ({@link BalancingService}),
 * and, when configured, the SASP server ({@code sasp.port}) and the HAProxy agent-check listener
 * ({@code lb-agent.port}), both on loopback unless another address is set; SASP over TLS with the
 * REST API's key store when {@code sasp.tls} is true; and the sources of response times
 * ({@code response-times}, {@link ResponseTimes}). Closing stops them.
 */
public final class LoadBalancers implements AutoCloseable {
    /** How long a load balancer's SASP state outlives its connection. */
    public static final Duration GRACE = Duration.ofMinutes(5);
    private final BalancingService weights;
    private final ExecutorScheduler scheduler;
    private final Scheduler.Handle stepping;
    private final GroupWorkloadManager gwm;
    private final SaspServer sasp;
    private final AgentCheckServer agent;
    private final ResponseTimes responseTimes;

    private LoadBalancers(BalancingService weights, ExecutorScheduler scheduler, Scheduler.Handle stepping,
                          GroupWorkloadManager gwm, SaspServer sasp, AgentCheckServer agent, ResponseTimes responseTimes) {
        this.weights = weights;
        this.scheduler = scheduler;
        this.stepping = stepping;
        this.gwm = gwm;
        this.sasp = sasp;
        this.agent = agent;
        this.responseTimes = responseTimes;
    }

    /**
     * Starts the weights and the configured listeners; {@code say} hears where they listen.
     *
     * @param tls the REST API's key store, used by SASP when {@link ServerConfig.Balancing#saspTls} (the
     *            configuration loader has checked it is set then)
     */
    public static LoadBalancers start(ServerConfig.Balancing config, ServerConfig.Tls tls, Store store, ServerState state,
                                      ManagementService service, Timebase time, Consumer<String> say) {
        BalancingService weights = new BalancingService(store, state, service, time, WeightRule.DEFAULT);
        ExecutorScheduler scheduler = new ExecutorScheduler("hpm-balancing", time);
        Scheduler.Handle stepping = weights.start(scheduler);
        GroupWorkloadManager gwm = new GroupWorkloadManager(weights, time, service.interval(), GRACE);
        SaspServer sasp = null;
        AgentCheckServer agent = null;
        ResponseTimes responseTimes = null;
        try {
            responseTimes = ResponseTimes.start(config.responseTimes(), weights, state, time, service.interval(), say);
            if (config.saspPort() >= 0) {
                SaspServer.Settings settings = new SaspServer.Settings(config.saspHost(), config.saspPort(), 128,
                        Duration.ofMinutes(10));
                if (config.saspTls()) {
                    settings = settings.withTls(TlsKeys.serverContext(tls.keystore(), tls.password()));
                }
                sasp = new SaspServer(gwm, settings, scheduler, service.interval());
                say.accept("SASP (RFC 4678) server for load balancers on " + config.saspHost() + ":" + sasp.port()
                        + (config.saspTls() ? " over TLS" : ""));
            }
            if (config.agentPort() >= 0) {
                agent = new AgentCheckServer(weights, config.agentHost(), config.agentPort(), 256, Duration.ofSeconds(5));
                say.accept("HAProxy agent check on " + config.agentHost() + ":" + agent.port());
            }
        } catch (RuntimeException e) {
            if (responseTimes != null) {
                responseTimes.close();
            }
            if (sasp != null) {
                sasp.close();
            }
            stepping.cancel();
            scheduler.close();
            throw e;
        }
        return new LoadBalancers(weights, scheduler, stepping, gwm, sasp, agent, responseTimes);
    }

    public BalancingService weights() {
        return weights;
    }

    public GroupWorkloadManager sasp() {
        return gwm;
    }

    /** The SASP server's port, or -1 if off. */
    public int saspPort() {
        return sasp == null ? -1 : sasp.port();
    }

    /** The agent-check listener's port, or -1 if off. */
    public int agentPort() {
        return agent == null ? -1 : agent.port();
    }

    /** The UDP port of the HAProxy log listener, or -1 if off. */
    public int haproxyLogPort() {
        return responseTimes.haproxyLogPort();
    }

    /** The OTLP/HTTP metrics receiver, or null when {@code response-times.otlp} is not configured. */
    public dev.hpm.server.rt.OtlpMetricsReceiver otlp() {
        return responseTimes.otlp();
    }

    @Override
    public void close() {
        responseTimes.close();
        stepping.cancel();
        if (sasp != null) {
            sasp.close();
        }
        if (agent != null) {
            agent.close();
        }
        scheduler.close();
    }
}
