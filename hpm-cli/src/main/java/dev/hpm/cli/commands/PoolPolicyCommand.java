package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hpm pool policy POOL [options]}: shows a pool's DWM policy, or changes the parts given
 * (the server keeps the rest, validates the whole and names every problem). Durations are
 * ISO-8601 ({@code PT5M}) or short ({@code 5m}, {@code 30s}, {@code 1h}); switches are on or off.
 * docs/dwm.md says what each setting does.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Shows or changes a pool's DWM policy (changes: admin).",
                "Without options it shows the policy. Each option changes one setting; the others stay. "
                + "--policy-file sends a whole policy document (JSON or YAML) first, the options then apply on top. "
                + "Modes: automatic (DWM executes its plans), recommend (plans wait for hpm plan approve), off."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm pool policy prod", "  hpm pool policy prod --mode recommend",
                "  hpm pool policy prod --even-threshold 85 --even-duration 10m --power-save off",
                "  hpm pool policy prod --policy-file night.yaml"})
public final class PoolPolicyCommand extends RemoteCommand {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhd])");

    @Parameters(paramLabel = "POOL", description = "the pool's id or name")
    String pool;

    @Option(names = "--mode", paramLabel = "MODE", completionCandidates = Modes.class,
            description = "automatic, recommend or off")
    String mode;

    @Option(names = "--even-distribution", paramLabel = "on|off", description = "spread load when a host runs hot")
    String even;

    @Option(names = "--even-threshold", paramLabel = "PCT", description = "host CPU %% above which to spread (1..100)")
    Integer evenThreshold;

    @Option(names = "--even-duration", paramLabel = "DUR", description = "how long above the threshold first, e.g. 5m")
    String evenDuration;

    @Option(names = "--power-save", paramLabel = "on|off", description = "consolidate and power hosts off when load is low")
    String powerSave;

    @Option(names = "--power-threshold", paramLabel = "PCT", description = "pool CPU %% below which to consolidate (1..100)")
    Integer powerThreshold;

    @Option(names = "--power-duration", paramLabel = "DUR", description = "how long below the threshold first, e.g. 5m")
    String powerDuration;

    @Option(names = "--reserve-hosts", paramLabel = "N", description = "hosts kept powered beyond the need")
    Integer reserveHosts;

    @Option(names = "--migrations-per-host", paramLabel = "N", description = "concurrent migrations per host")
    Integer perHost;

    @Option(names = "--migrations-per-pool", paramLabel = "N", description = "concurrent migrations in the pool")
    Integer perPool;

    @Option(names = "--bandwidth-mbps", paramLabel = "MB/S", description = "bandwidth cap of one migration")
    Double bandwidth;

    @Option(names = "--max-downtime-ms", paramLabel = "MS", description = "longest pause a migration may cause")
    Integer downtime;

    @Option(names = "--migration-timeout", paramLabel = "DUR", description = "a migration not done by then is aborted")
    String timeout;

    @Option(names = "--auto-converge", paramLabel = "on|off", description = "throttle a guest whose copy does not converge")
    String autoConverge;

    @Option(names = "--cooldown", paramLabel = "DUR", description = "no new move of a server within this after its last")
    String cooldown;

    @Option(names = "--maintenance-action", paramLabel = "ACTION",
            description = "what entering maintenance does with the servers (e.g. migrate)")
    String maintenanceAction;

    @Option(names = "--migrate-back", paramLabel = "on|off", description = "leaving maintenance brings the servers back")
    String migrateBack;

    @Option(names = "--policy-file", paramLabel = "FILE", description = "a whole DWM policy, JSON or YAML")
    Path file;

    private ObjectNode body;

    @Override
    protected void validate() {
        body = file == null ? JsonNodeFactory.instance.objectNode()
                : (ObjectNode) InputFiles.object(file, "--policy-file", "a DWM policy").deepCopy();
        if (mode != null) {
            String m = mode.strip().toLowerCase(Locale.ROOT);
            if (!List.of("automatic", "recommend", "off").contains(m)) {
                throw CliFailure.usage("--mode is \"" + mode + "\": use automatic, recommend or off");
            }
            body.put("mode", m);
        }
        ObjectNode e = part("even-distribution");
        flag(e, "enabled", "--even-distribution", even);
        put(e, "threshold", evenThreshold);
        duration(e, "duration", "--even-duration", evenDuration);
        ObjectNode p = part("power-save");
        flag(p, "enabled", "--power-save", powerSave);
        put(p, "threshold", powerThreshold);
        duration(p, "duration", "--power-duration", powerDuration);
        put(p, "reserve-hosts", reserveHosts);
        ObjectNode mig = part("migration");
        put(mig, "per-host", perHost);
        put(mig, "per-pool", perPool);
        if (bandwidth != null) {
            mig.put("bandwidth-mbps", bandwidth);
        }
        put(mig, "max-downtime-ms", downtime);
        duration(mig, "timeout", "--migration-timeout", timeout);
        flag(mig, "auto-converge", "--auto-converge", autoConverge);
        duration(body, "cooldown", "--cooldown", cooldown);
        ObjectNode maint = part("maintenance");
        if (maintenanceAction != null) {
            maint.put("action", maintenanceAction.strip());
        }
        flag(maint, "migrate-back", "--migrate-back", migrateBack);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            JsonNode v = body.get(it.next());
            if (v.isObject() && v.isEmpty()) {
                it.remove();
            }
        }
    }

    private ObjectNode part(String name) {
        return body.get(name) instanceof ObjectNode o ? o : body.putObject(name);
    }

    private static void put(ObjectNode o, String key, Integer value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void flag(ObjectNode o, String key, String option, String value) {
        if (value == null) {
            return;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> o.put(key, true);
            case "off", "false", "no" -> o.put(key, false);
            default -> throw CliFailure.usage(option + " is \"" + value + "\": use on or off");
        }
    }

    /** Puts an ISO-8601 duration; {@code 5m}, {@code 30s}, {@code 2h}, {@code 1d} are turned into one. */
    static void duration(ObjectNode o, String key, String option, String value) {
        if (value == null) {
            return;
        }
        String v = value.strip();
        Matcher m = SHORT.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            String unit = m.group(2);
            v = unit.equals("d") ? "P" + m.group(1) + "D" : "PT" + m.group(1) + unit.toUpperCase(Locale.ROOT);
        } else if (!v.toUpperCase(Locale.ROOT).startsWith("P")) {
            throw CliFailure.usage(option + " is \"" + value + "\": write a duration such as 5m, 30s, 1h or PT5M");
        }
        o.put(key, v.toUpperCase(Locale.ROOT));
    }

    @Override
    protected int execute() {
        String path = PoolRefs.poolPath(client(), pool) + "/dwm-policy";
        JsonNode policy = body.isEmpty() ? client().get(path) : client().post(path, body);
        output().show(policy, out -> {
            if (!body.isEmpty()) {
                out.println("Updated the DWM policy of pool " + pool + ".");
                out.println();
            }
            PoolViews.policy(policy, out);
        });
        return 0;
    }

    /** The modes, for completion. */
    static final class Modes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("automatic", "recommend", "off").iterator();
        }
    }
}
