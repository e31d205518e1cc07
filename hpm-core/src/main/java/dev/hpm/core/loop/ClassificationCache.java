package dev.hpm.core.loop;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.ServiceDefinition;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The service class of each of one host's servers. Classifying means describing the server (tags,
 * OS type) and running the rules, so a server is classified once per definition, inputs version
 * ({@link ControlInputs#version()}) and name; a new definition or version, or a renamed server,
 * classifies again. Not thread-safe: one {@link HostController} owns it.
 */
final class ClassificationCache {
    private final String host;
    private final ControlInputs inputs;
    private final Map<String, Classified> byServer = new HashMap<>();
    private ServiceDefinition classifiedWith;
    private long classifiedVersion;
    private Classifier classifier;

    ClassificationCache(String host, ControlInputs inputs) {
        this.host = host;
        this.inputs = inputs;
    }

    /** Starts an interval under {@code definition}: what was classified under another one is dropped. */
    void use(ServiceDefinition definition) {
        long version = inputs.version();
        if (definition != classifiedWith || version != classifiedVersion) {
            classifier = inputs.classifier();
            classifiedWith = definition;
            classifiedVersion = version;
            byServer.clear();
        }
    }

    /** A server's class under the definition of the last {@link #use}. */
    ClassInfo classOf(String uuid, String name) {
        Classified known = byServer.get(uuid);
        if (known == null || !known.name().equals(name)) {
            known = new Classified(name, classifier.classify(inputs.describe(host, uuid, name)));
            byServer.put(uuid, known);
        }
        return known.serviceClass();
    }

    /** Forgets the servers that are gone. */
    void retainAll(Set<String> present) {
        byServer.keySet().retainAll(present);
    }

    private record Classified(String name, ClassInfo serviceClass) {
    }
}
