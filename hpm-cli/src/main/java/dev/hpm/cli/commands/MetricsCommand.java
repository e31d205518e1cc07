package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.function.BiConsumer;

/** {@code hpm metrics hypervisor|wrg|vs [ID]}: history as time series. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"History as time series, one table per series.",
                "hypervisor [ID]: CPU utilisation, velocity, using and delay CPUs of each host (--raw: CPU counters). "
                + "wrg [ID]: velocity and PI of every group, or one (default is the built-in group), and of its service "
                + "classes (--raw: each member's counters). vs ID: velocity, PI, CPU, shares and cap of one server.",
                "Times are ISO-8601 (2026-11-22T01:00:00Z), now, or relative (-36h, -15m); the range defaults to the "
                + "last hour. --step combines intervals into buckets (5m, 1h). History older than the server's "
                + "history.retention (36h) is kept in 5-minute buckets, older than history.retention-5m (7d) in hourly "
                + "ones: a range reaching back there needs a --step that is a multiple of them."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm metrics hypervisor --from -15m", "  hpm metrics wrg Trading --from -6h --step 10m",
                "  hpm metrics wrg Trading --from -3d --step 1h",
                "  hpm metrics wrg default --raw --from -2m", "  hpm metrics vs trade-1 --from 2026-11-22T01:00:00Z --to now"})
public final class MetricsCommand extends RemoteCommand {
    @Parameters(index = "0", paramLabel = "KIND", completionCandidates = Choices.MetricKinds.class,
            description = "hypervisor, wrg or vs")
    String kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID",
            description = "the hypervisor, group (id or name, or default) or server (UUID or name)")
    String id;

    @Option(names = "--raw", description = "counters as collected instead of calculated figures (hypervisor, wrg)")
    boolean raw;

    @Option(names = "--from", paramLabel = "T", description = "start (default: an hour before --to)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "end (default now)")
    String to;

    @Option(names = "--step", paramLabel = "D", description = "bucket size, e.g. 1m or 1h (default: every interval)")
    String step;

    @Option(names = "--host", paramLabel = "H", description = "hypervisor: only this one (same as ID)")
    String host;

    @Override
    protected void validate() {
        switch (kind) {
            case "hypervisor" -> {
                if (id != null && host != null && !id.equals(host)) {
                    throw CliFailure.usage("metrics hypervisor " + id + " --host " + host + ": give the hypervisor once");
                }
            }
            case "wrg" -> requireNoHost();
            case "vs" -> {
                requireNoHost();
                if (id == null) {
                    throw CliFailure.usage("metrics vs needs the server: hpm metrics vs ID (its UUID or name)");
                }
                if (raw) {
                    throw CliFailure.usage("--raw is for hypervisor and wrg; for a server's counters use"
                            + " hpm metrics wrg GROUP --raw");
                }
            }
            default -> throw CliFailure.usage("KIND is \"" + kind + "\": use hypervisor, wrg or vs");
        }
        if (raw && step != null) {
            throw CliFailure.usage("--step combines calculated figures; raw counters come every interval: drop --step or --raw");
        }
    }

    private void requireNoHost() {
        if (host != null) {
            throw CliFailure.usage("--host is for metrics hypervisor; for the servers of one host use hpm vs-list --host H");
        }
    }

    @Override
    protected int execute() {
        Query query = Query.of().add("from", from).add("to", to).add("step", step);
        String variant = raw ? "raw" : "calculated";
        String path;
        BiConsumer<JsonNode, PrintWriter> view;
        switch (kind) {
            case "hypervisor" -> {
                query.add("host", host != null ? host : id);
                path = "/metrics/" + variant + "/hypervisor";
                view = raw ? MetricsViews::rawHypervisors : MetricsViews::hypervisors;
            }
            case "wrg" -> {
                path = "/metrics/" + variant + "/workload-resource-groups" + (id == null ? "" : "/" + Query.encode(id));
                view = raw ? MetricsViews::rawGroups : MetricsViews::groups;
            }
            default -> {
                path = "/metrics/calculated/virtual-servers/" + Query.encode(id);
                view = MetricsViews::server;
            }
        }
        JsonNode body = client().get(path, query);
        output().show(body, out -> view.accept(body, out));
        return 0;
    }
}
