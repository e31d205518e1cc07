package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;

/** {@code hpm vs-update ID}: management level, tags, description. */
@Command(name = "vs-update", mixinStandardHelpOptions = true,
        description = {"Changes a server's management level, tags or description.",
                "Admin only. Level default removes the server's own level, so that of its host (or the pool's "
                + "default) applies. On a libvirt host the tags are also written into the domain's metadata "
                + "(virsh dumpxml shows <hpm:tags>), so they travel with the domain."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm vs-update trade-1 --level monitor",
                "  hpm vs-update trade-1 --tags prod,pci --description 'order entry'",
                "  hpm vs-update trade-1 --level default --tags ''"})
public final class VsUpdateCommand extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "the server's UUID or name")
    String id;

    @Option(names = "--level", paramLabel = "LEVEL", completionCandidates = Choices.Levels.class,
            description = "none (ignored), monitor (measured only), manage (HPM may change its CPU shares) or default")
    String level;

    @Option(names = "--tags", paramLabel = "a,b",
            description = "the server's tags, comma-separated (replace the old; '' for none)")
    String tags;

    @Option(names = "--description", paramLabel = "TEXT", description = "what the server is")
    String description;

    @Override
    protected void validate() {
        if (level == null && tags == null && description == null) {
            throw CliFailure.usage("nothing to change: give --level, --tags or --description");
        }
    }

    @Override
    protected int execute() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (level != null) {
            body.put("management-level", level);
        }
        if (tags != null) {
            ArrayNode list = body.putArray("tags");
            Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).forEach(list::add);
        }
        if (description != null) {
            body.put("description", description);
        }
        JsonNode vs = client().post(VsShowCommand.path(id), body);
        output().show(vs, out -> {
            out.println("Updated virtual server " + vs.path("name").asText() + ".");
            out.println();
            VsViews.detail(vs, out);
        });
        return 0;
    }
}
