package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.PolicyDocument;
import dev.hpm.core.model.ServiceDefinition;
import io.javalin.http.Context;

/**
 * {@code /performance-policies/export|import}: the whole definition as a versioned document. An
 * import is validated completely first and applied in one transaction, or not at all.
 */
public final class PolicyController {
    private final ApiContext api;

    public PolicyController(ApiContext api) {
        this.api = api;
    }

    public void export(Context ctx) {
        ctx.header("Content-Disposition", "attachment; filename=\"hpm-policies.json\"");
        ctx.json(PolicyDocument.write(api.state().definition(), api.time().now()));
    }

    public void importDocument(Context ctx) {
        ServiceDefinition definition = Requests.read(ctx, PolicyDocument::read);
        api.store().definitions().replace(definition);
        api.state().reloadDefinition();
        int members = definition.groups().stream().mapToInt(g -> g.members().size()).sum();
        api.audit(ctx, "import-performance-policies", "performance-policies",
                definition.groups().size() + " groups (the default group included), " + members + " members");
        ObjectNode o = Views.JSON.objectNode();
        o.put("workload-resource-groups", definition.groups().size());
        o.put("virtual-servers", members);
        ctx.json(o);
    }

}
