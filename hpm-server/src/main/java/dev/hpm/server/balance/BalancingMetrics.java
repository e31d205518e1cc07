package dev.hpm.server.balance;

import dev.hpm.core.balance.MemberWeight;
import dev.hpm.sasp.GroupWorkloadManager;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.function.ToDoubleFunction;

/**
 * The load-balancing families of {@code /metrics}: each member's weight, target and whether it can
 * serve ({@code group}, {@code member} labels), and the SASP load balancers connected now.
 */
public final class BalancingMetrics {
    private BalancingMetrics() {
    }

    public static void register(PrometheusRegistry registry, LoadBalancers lbs) {
        member(registry, lbs, "hpm_lb_member_weight", "the member's load-balancing weight, 0 … 100", MemberWeight::weight);
        member(registry, lbs, "hpm_lb_member_target_weight", "the weight the rule aimed at before smoothing and bounding",
                MemberWeight::target);
        member(registry, lbs, "hpm_lb_member_serving", "1 if the member may get new work (contactable, not quiesced)",
                w -> w.canServe() ? 1 : 0);
        member(registry, lbs, "hpm_lb_member_confident", "1 if the weight rests on fresh data", w -> w.confident() ? 1 : 0);
        GaugeWithCallback.builder().name("hpm_sasp_load_balancers_connected")
                .help("SASP load balancers connected now").callback(cb -> cb.call(
                        lbs.sasp().loadBalancers().stream().filter(GroupWorkloadManager.LbView::connected).count()))
                .register(registry);
    }

    private static void member(PrometheusRegistry registry, LoadBalancers lbs, String name, String help,
                               ToDoubleFunction<MemberWeight> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("group", "member")
                .callback(cb -> lbs.weights().current().forEach((group, g) -> g.weights()
                        .forEach(w -> cb.call(value.applyAsDouble(w), group, w.member()))))
                .register(registry);
    }
}
