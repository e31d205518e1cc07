package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.cli.remote.HpmClient;
import dev.hpm.cli.remote.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Names the user types for pools and hosts, turned into the ids the API's paths take: a pool by
 * its UUID or its name, a hypervisor by its id (e.g. {@code qemu+ssh://a/system}) or its name.
 * An unknown name ends with exit code 4 and the names there are.
 */
final class PoolRefs {
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private PoolRefs() {
    }

    /** The pool's id: {@code ref} itself if it is a UUID, else the id of the pool with that name. */
    static String pool(HpmClient client, String ref) {
        if (UUID.matcher(ref).matches()) {
            return ref;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode p : client.get("/server-pools").path("server-pools")) {
            if (p.path("name").asText().equals(ref)) {
                return p.path("id").asText();
            }
            names.add(p.path("name").asText());
        }
        throw new CliFailure(ExitCodes.NOT_FOUND, "no server pool with id or name \"" + ref + "\"; there are: "
                + (names.isEmpty() ? "none (hpm pool create makes one)" : String.join(", ", names)));
    }

    /** The API path of a pool, e.g. {@code /server-pools/ID}. */
    static String poolPath(HpmClient client, String ref) {
        return "/server-pools/" + Query.encode(pool(client, ref));
    }

    /** The hypervisor's id: {@code ref} if a hypervisor has that id, else the id of the one with that name. */
    static String host(HpmClient client, String ref) {
        return hypervisor(client, ref).path("id").asText();
    }

    /** The hypervisor whose id or name is {@code ref}, as {@code GET /hypervisors} lists it. */
    private static JsonNode hypervisor(HpmClient client, String ref) {
        List<String> names = new ArrayList<>();
        JsonNode byName = null;
        for (JsonNode h : client.get("/hypervisors").path("hypervisors")) {
            if (h.path("id").asText().equals(ref)) {
                return h;
            }
            if (h.path("name").asText().equals(ref)) {
                byName = h;
            }
            names.add(h.path("name").asText());
        }
        if (byName != null) {
            return byName;
        }
        throw new CliFailure(ExitCodes.NOT_FOUND, "no hypervisor with id or name \"" + ref + "\"; there are: "
                + (names.isEmpty() ? "none" : String.join(", ", names)));
    }

    /**
     * The API path of a hypervisor's {@code part}, e.g. {@code /hypervisors/kvm-a/maintenance}: by
     * name, as docs/pool-api.md asks (ids are URIs, whose slashes a path segment cannot carry).
     */
    static String hostPath(HpmClient client, String ref, String part) {
        return "/hypervisors/" + Query.encode(hypervisor(client, ref).path("name").asText()) + "/" + part;
    }
}
