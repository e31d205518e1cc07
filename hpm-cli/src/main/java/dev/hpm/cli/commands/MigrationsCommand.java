package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import dev.hpm.core.time.Timebase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code hpm migrations}: the history of live migrations, newest first, with filters. */
@Command(name = "migrations", mixinStandardHelpOptions = true,
        description = {"The history of live migrations, newest first.",
                "When, which server, from which host to which, the outcome, memory, downtime and the plan that asked "
                + "for it. Times are ISO-8601, now, or relative like -2h, -30m, -7d."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm migrations", "  hpm migrations --since -2h --host kvm-a", "  hpm migrations --vs trade-1 --format json"})
public final class MigrationsCommand extends RemoteCommand {
    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)([smhd])");

    @Option(names = "--since", paramLabel = "T", description = "migrations started at or after T")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "migrations started before T")
    String until;

    @Option(names = "--host", paramLabel = "HOST", description = "from or to this hypervisor (id or name)")
    String host;

    @Option(names = "--vs", paramLabel = "VS", description = "this virtual server (UUID or name)")
    String vs;

    @Option(names = "--limit", paramLabel = "N", description = "at most N migrations (default 100)")
    Integer limit;

    private final Timebase clock = Timebase.system();

    /** {@code text} as an ISO-8601 instant: as is, {@code now}, or {@code -2h} before {@code now}. */
    static String instant(String option, String text, Instant now) {
        if (text == null) {
            return null;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("now")) {
            return now.toString();
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d).toString();
        }
        try {
            return Instant.parse(text.strip()).toString();
        } catch (DateTimeParseException e) {
            throw CliFailure.usage(option + " is \"" + text + "\": write an ISO-8601 time (2026-12-01T22:00:00Z), now,"
                    + " or relative like -2h");
        }
    }

    @Override
    protected void validate() {
        instant("--since", since, Instant.EPOCH);
        instant("--until", until, Instant.EPOCH);
    }

    @Override
    protected int execute() {
        Instant now = clock.now();
        String server = vs == null ? null : client().get(VsShowCommand.path(vs)).path("id").asText(vs);
        JsonNode body = client().get("/migrations", Query.of().add("since", instant("--since", since, now))
                .add("until", instant("--until", until, now)).add("hypervisor", host == null ? null : PoolRefs.host(client(), host))
                .add("virtual-server", server).add("limit", limit));
        output().show(body, out -> {
            Map<String, String> names = new HashMap<>();
            client().get("/hypervisors").path("hypervisors").forEach(h -> names.put(h.path("id").asText(), h.path("name").asText()));
            Table t = new Table(Column.left("STARTED"), Column.left("ENDED"), Column.left("VIRTUAL SERVER", 24),
                    Column.left("FROM"), Column.left("TO"), Column.left("STATE"), Column.right("DONE"), Column.right("MEMORY MB"),
                    Column.right("DOWNTIME MS"), Column.left("PLAN"), Column.left("DETAIL"));
            for (JsonNode m : body.path("migrations")) {
                t.row(Cells.time(m, "started"), Cells.time(m, "ended"), Cells.text(m.path("virtual-server"), "name"),
                        names.getOrDefault(m.path("from").asText(), Cells.text(m, "from")),
                        names.getOrDefault(m.path("to").asText(), Cells.text(m, "to")), Cells.text(m, "state"),
                        Cells.percent(m, "progress"), Cells.text(m, "memory-mb"), Cells.text(m, "downtime-ms"),
                        Cells.text(m, "plan"), Cells.text(m, "detail"));
            }
            t.print(out, "(no migrations in this range)");
        });
        return 0;
    }
}
