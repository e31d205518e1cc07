package dev.hpm.libvirt;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.ServiceClass;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.core.time.Timebase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HPM's production control loop on a real host for integration tests: a {@link HostConnection} to
 * libvirt, a {@link HostController} with the CPU manager, real time, and management levels the
 * test can change between intervals. Intervals are paced at a fixed rate.
 */
final class RealLoop implements AutoCloseable {
    static final Timebase SYSTEM = Timebase.system();

    final HostConnection<LibvirtDriver> connection;
    final HostController controller;
    private final Duration interval;
    volatile ManagementLevels levels;
    private long next;

    RealLoop(String uri, ServiceDefinition definition, ManagementLevels levels, Duration interval,
             HostConnection.Settings settings) {
        this(uri, definition, levels, interval, settings, CpuManagerSettings.DEFAULT);
    }

    RealLoop(String uri, ServiceDefinition definition, ManagementLevels levels, Duration interval,
             HostConnection.Settings settings, CpuManagerSettings cpu) {
        this.levels = levels;
        this.interval = interval;
        this.connection = HostConnection.libvirt(uri, ConnectOptions.of(uri), SYSTEM, settings);
        this.controller = controller(uri, connection, definition, () -> this.levels, interval, cpu);
    }

    /** HPM's controller of one host, {@code host} by name, as {@code hpm serve} builds it, on real time. */
    static HostController controller(String host, HostConnection<LibvirtDriver> connection, ServiceDefinition definition,
                                     java.util.function.Supplier<ManagementLevels> levels, Duration interval) {
        return controller(host, connection, definition, levels, interval, CpuManagerSettings.DEFAULT);
    }

    /** The same with the CPU manager's settings {@code cpu}. */
    static HostController controller(String host, HostConnection<LibvirtDriver> connection, ServiceDefinition definition,
                                     java.util.function.Supplier<ManagementLevels> levels, Duration interval,
                                     CpuManagerSettings cpu) {
        ControlInputs inputs = ControlInputs.of(() -> definition, levels,
                (on, uuid, name) -> new VirtualServerInfo(uuid, name, on, null, null));
        return new HostController(host, connection, SYSTEM, ControlSettings.DEFAULT.withInterval(interval),
                inputs, new CpuManager(cpu));
    }

    RealLoop(String uri, ServiceDefinition definition, ManagementLevels levels, Duration interval) {
        this(uri, definition, levels, interval, HostConnection.Settings.defaults());
    }

    /** Takes the baseline; the first interval ends one interval from now. */
    void start() {
        controller.start();
        next = System.nanoTime() + interval.toNanos();
    }

    /** Waits for the end of the next interval and runs it. */
    IntervalReport interval() throws InterruptedException {
        long wait = next - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
        next += interval.toNanos();
        return controller.runInterval();
    }

    @Override
    public void close() {
        connection.close();
    }

    /** A definition with one group per entry: name, importance, goal, member names. */
    static ServiceDefinition definition(Object[]... groups) {
        List<WorkloadResourceGroup> list = new java.util.ArrayList<>();
        for (Object[] g : groups) {
            String name = (String) g[0];
            Importance importance = (Importance) g[1];
            Goal goal = g[2] == null ? Goal.discretionary() : Goal.velocity((VelocityLevel) g[2]);
            @SuppressWarnings("unchecked")
            Set<String> members = (Set<String>) g[3];
            list.add(WorkloadResourceGroup.of(name, importance, new PerformancePolicy(name,
                    List.of(new ServiceClass(name.toLowerCase(), goal, importance)), List.of(), name.toLowerCase()), members));
        }
        return new ServiceDefinition(VelocityMapping.DEFAULT, list);
    }

    static ManagementLevels all(ManagementLevel level) {
        return ManagementLevels.all(level);
    }

    static Optional<ClassMeasurement> cls(IntervalReport r, String group) {
        return r.measurement().classes().values().stream().filter(c -> c.serviceClass().key().group().equals(group))
                .findFirst();
    }

    static Optional<VsMeasurement> server(IntervalReport r, String name) {
        return r.measurement().servers().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static final Pattern SHARES = Pattern.compile("cpu_shares\\s*:\\s*(\\d+)");

    /** {@code cpu_shares} as {@code virsh schedinfo} shows it: what an operator would check. */
    static long virshShares(String uri, String domain) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("virsh", "-c", uri, "schedinfo", domain).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("virsh schedinfo " + domain + " failed: " + out);
        }
        Matcher m = SHARES.matcher(out);
        if (!m.find()) {
            throw new AssertionError("no cpu_shares in virsh schedinfo output: " + out);
        }
        return Long.parseLong(m.group(1));
    }
}
