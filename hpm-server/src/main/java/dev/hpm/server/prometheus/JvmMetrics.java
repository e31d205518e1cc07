package dev.hpm.server.prometheus;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.function.ToLongFunction;

/**
 * The server JVM's memory, under the names and labels of the Prometheus Java client's JVM
 * instrumentation ({@code prometheus-metrics-instrumentation-jvm}, {@code JvmMemoryMetrics}), so
 * that its usual dashboards work: heap and non-heap used, committed and maximum, and each heap
 * pool's use after the last collection that ran on it (the live heap, without the garbage between
 * collections). Read from the platform's memory beans at scrape time.
 */
public final class JvmMetrics {
    private static final String[] AREA = {"area"};

    private JvmMetrics() {
    }

    /** Registers the families in {@code registry}. */
    public static void register(PrometheusRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        area(registry, memory, "jvm_memory_used_bytes", "used bytes of a given JVM memory area", MemoryUsage::getUsed);
        area(registry, memory, "jvm_memory_committed_bytes", "committed bytes of a given JVM memory area",
                MemoryUsage::getCommitted);
        area(registry, memory, "jvm_memory_max_bytes", "max bytes of a given JVM memory area (-1: undefined)",
                MemoryUsage::getMax);
        GaugeWithCallback.builder().name("jvm_memory_pool_collection_used_bytes")
                .help("used bytes of a heap memory pool after the last collection of it").labelNames("pool")
                .callback(cb -> {
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
                        if (after != null) {
                            cb.call(after.getUsed(), pool.getName());
                        }
                    }
                }).register(registry);
    }

    private static void area(PrometheusRegistry registry, MemoryMXBean memory, String name, String help,
                             ToLongFunction<MemoryUsage> figure) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(AREA).callback(cb -> {
            cb.call(figure.applyAsLong(memory.getHeapMemoryUsage()), "heap");
            cb.call(figure.applyAsLong(memory.getNonHeapMemoryUsage()), "nonheap");
        }).register(registry);
    }
}
