package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.PolicyCodec;
import dev.hpm.codec.PolicyDocument;
import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.store.InventoryRepository.ServerRecord;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code /performance-policies/export|import|preview}: the whole definition as a versioned
 * document (an import is validated completely first and applied in one transaction, or not at
 * all), and what a draft policy's rules would match before it is saved.
 */
public final class PolicyController {
    private final ApiContext api;

    public PolicyController(ApiContext api) {
        this.api = api;
    }

    public void export(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Disposition", "attachment; filename=\"hpm-policies.json\"");
        ctx.json(PolicyDocument.write(api.state().definition(), api.time().now()));
    }

    public void importDocument(Context ctx) {
        ServiceDefinition definition = Requests.read(ctx, PolicyDocument::read);
        int members = definition.groups().stream().mapToInt(g -> g.members().size()).sum();
        api.audited(ctx, "import-performance-policies", "performance-policies",
                definition.groups().size() + " groups (the default group included), " + members + " members",
                () -> api.store().definitions().replace(definition));
        api.state().reloadDefinition();
        ObjectNode o = Views.JSON.objectNode();
        o.put("workload-resource-groups", definition.groups().size());
        o.put("virtual-servers", members);
        ctx.json(o);
    }


    /** A group and the draft policy to try on its servers. */
    private record Draft(WorkloadResourceGroup group, PerformancePolicy policy) {
    }

    /**
     * Which of a group's virtual servers each rule of a draft policy would classify, first match
     * winning, with the production {@link Classifier}; nothing is saved.
     */
    public void preview(Context ctx) {
        Draft draft = Requests.read(ctx, n -> {
            n.object("workload-resource-group", "performance-policy");
            String id = n.text("workload-resource-group", WorkloadResourceGroup.DEFAULT_NAME);
            WorkloadResourceGroup group = api.store().definitions().group(id).orElseThrow(() ->
                    ApiException.notFound("no workload resource group with id or name \"" + id + "\"")).group();
            if (!n.has("performance-policy")) {
                n.problem("performance-policy", null, "send the draft policy whose rules you want to try");
                return null;
            }
            PerformancePolicy policy = PolicyCodec.read(n.child("performance-policy"), group.policy().name());
            return policy == null ? null : new Draft(group, policy);
        });
        Classifier classifier;
        try {
            classifier = new Classifier(api.state().definition().withGroup(draft.group().withPolicy(draft.policy())));
        } catch (InvalidDefinitionException e) { // a conflict elsewhere in the definition is still the draft's problem
            throw ApiException.invalid(e.problems());
        }
        List<TreeSet<String>> byRule = new ArrayList<>();
        draft.policy().rules().forEach(r -> byRule.add(new TreeSet<>()));
        TreeSet<String> byDefault = new TreeSet<>();
        for (ServerRecord s : api.state().servers().values()) {
            VirtualServerInfo info = api.info(s);
            if (classifier.groupOf(info).name().equals(draft.group().name())) {
                int rule = classifier.matchingRule(info);
                (rule < 0 ? byDefault : byRule.get(rule)).add(s.name());
            }
        }
        ObjectNode o = Views.JSON.objectNode();
        o.put("workload-resource-group", draft.group().name());
        ArrayNode rules = o.putArray("rules");
        for (int i = 0; i < byRule.size(); i++) {
            ObjectNode r = rules.addObject();
            r.put("index", i);
            r.put("service-class", draft.policy().rules().get(i).serviceClass());
            byRule.get(i).forEach(r.putArray("virtual-servers")::add);
        }
        ObjectNode d = o.putObject("default-class");
        d.put("service-class", draft.policy().defaultClass());
        byDefault.forEach(d.putArray("virtual-servers")::add);
        o.set("warnings", Views.regexWarnings(classifier, draft.group().name()));
        ctx.json(o);
    }
}
