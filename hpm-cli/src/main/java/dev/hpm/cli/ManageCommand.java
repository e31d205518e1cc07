package dev.hpm.cli;

import dev.hpm.codec.DefinitionCodec;
import dev.hpm.codec.InvalidDocumentException;
import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.pool.HostRestore;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.ConnectOptions;
import dev.hpm.libvirt.HostConnection;
import dev.hpm.server.runtime.ExecutorScheduler;
import dev.hpm.server.runtime.VirtualThreadExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hpm manage}: runs the measurement and CPU-manager loop against real KVM hosts until
 * stopped (Ctrl-C, SIGTERM or {@code --intervals}), printing each interval, then restores every
 * server's CPU settings from before HPM.
 */
@Command(name = "manage", mixinStandardHelpOptions = true,
        description = {"Measures and manages the virtual servers of KVM hosts through libvirt, every interval,",
                "until stopped; then puts back the CPU shares and caps HPM changed.",
                "The policy file defines groups, members, policies and management levels (see README)."})
public final class ManageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--connect", required = true, paramLabel = "URI",
            description = "libvirt URI of a host, e.g. qemu:///system or qemu+ssh://root@kvm1/system (repeatable)")
    List<String> uris;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "Policy file (YAML or JSON)")
    Path policy;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "Interval in seconds (default 10, at least 1)")
    double intervalSeconds = 10;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json (one object per host and interval)")
    String format = "table";

    @Option(names = "--monitor", description = "Monitor only: measure and report, never change CPU settings")
    boolean monitorOnly;

    @Option(names = "--read-only", description = "Open read-only connections (implies --monitor)")
    boolean readOnly;

    @Option(names = "--intervals", paramLabel = "N", description = "Stop after N intervals (default: run until stopped)")
    long maxIntervals;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        boolean monitor = monitorOnly || readOnly;
        DefinitionCodec.Definition definition;
        try {
            definition = DefinitionCodec.load(policy, ManagementLevel.MANAGE);
        } catch (InvalidDocumentException e) {
            throw new Main.UserException(e.getMessage());
        }
        ManagementLevels levels = monitor ? monitorOnly(definition.levels()) : definition.levels();
        Timebase time = Timebase.system();
        ControlSettings settings = ControlSettings.DEFAULT.withInterval(Duration.ofMillis(Math.round(intervalSeconds * 1000)));
        ControlInputs inputs = ControlInputs.of(definition::serviceDefinition, () -> levels,
                (host, uuid, name) -> new VirtualServerInfo(uuid, name, host, null, null));
        List<HostConnection<?>> connections = new ArrayList<>();
        List<HostController> controllers = new ArrayList<>();
        for (String uri : new LinkedHashSet<>(uris)) {
            ConnectOptions plain = ConnectOptions.of(uri) // a host that asks who connects: docs/libvirt-hosts.md
                    .withCredentials(dev.hpm.libvirt.LibvirtCredentials.fromEnvironment(System.getenv()));
            ConnectOptions options = readOnly ? plain.asReadOnly() : plain;
            HostConnection<?> connection = HostConnection.libvirt(uri, options, time, HostConnection.Settings.defaults());
            connections.add(connection);
            controllers.add(new HostController(uri, connection, time, settings, inputs,
                    new CpuManager(CpuManagerSettings.DEFAULT)));
        }
        err.printf("hpm: managing %s every %s%s; stop with Ctrl-C%n", String.join(", ", uris),
                dev.hpm.codec.Units.format(settings.interval()), monitor ? " (monitor only)" : "");
        ExecutorScheduler scheduler = new ExecutorScheduler("hpm-intervals", time);
        VirtualThreadExecutor threads = new VirtualThreadExecutor();
        ManageLoop loop = new ManageLoop(controllers, time, settings.interval(), scheduler, threads,
                new IntervalPrinter(out, format.equals("json")));
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            loop.stop();
            main.interrupt();
            try {
                main.join(Duration.ofSeconds(60));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "hpm-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<HostRestore> restored;
        try {
            restored = loop.run(maxIntervals);
        } finally {
            scheduler.close();
            threads.close();
            connections.forEach(HostConnection::close);
        }
        for (HostRestore r : restored) {
            if (!r.complete()) {
                err.printf("hpm: %s: could not restore every server: %s%n", r.host(), r.error());
            }
            if (!r.restored().isEmpty()) {
                err.printf("hpm: %s: restored the CPU settings of %d servers%n", r.host(), r.restored().size());
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for us
        }
        return 0;
    }

    private void checkOptions() {
        if (!(intervalSeconds >= 1)) {
            throw new Main.UserException("--interval is " + intervalSeconds + ": must be at least 1 second");
        }
        if (!format.equals("table") && !format.equals("json")) {
            throw new Main.UserException("--format is \"" + format + "\": use table or json");
        }
        if (maxIntervals < 0) {
            throw new Main.UserException("--intervals is " + maxIntervals + ": must be 0 (no limit) or more");
        }
    }

    static ManagementLevels monitorOnly(ManagementLevels levels) {
        Map<String, ManagementLevel> hosts = new HashMap<>();
        levels.hosts().forEach((h, l) -> hosts.put(h, l.min(ManagementLevel.MONITOR)));
        return new ManagementLevels(levels.hostDefault().min(ManagementLevel.MONITOR), hosts, levels.serverDefault(),
                levels.servers());
    }
}
