package dev.hpm.core.loop;

import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VirtualServerInfo;

import java.util.function.Supplier;

/**
 * What the operator has defined, read by the control loop at the start of every interval, so
 * that changes take effect at the next interval.
 */
public interface ControlInputs {
    ServiceDefinition definition();

    ManagementLevels levels();

    /** What HPM knows of a server besides its counters (tags, OS type) for classification. */
    VirtualServerInfo describe(String host, String uuid, String name);

    /**
     * Changes whenever what {@link #describe} returns may have changed (tags edited, say), so that
     * servers are classified again; classification is otherwise cached per definition.
     */
    default long version() {
        return 0;
    }

    /**
     * The classifier of the current definition. Many hosts share one inputs object, so an
     * implementation should build it once per definition and version: with tens of thousands of
     * servers a classifier per host would not fit in memory.
     */
    default Classifier classifier() {
        return new Classifier(definition());
    }

    /** The requests servers completed, for response-time goals; none by default. */
    default ResponseTimeSource responseTimes() {
        return ResponseTimeSource.NONE;
    }

    /** Describes a server for classification. */
    @FunctionalInterface
    interface Describer {
        VirtualServerInfo describe(String host, String uuid, String name);
    }

    /** Inputs read from suppliers (for the simulator, tests and benchmarks), with a shared classifier. */
    static ControlInputs of(Supplier<ServiceDefinition> definition, Supplier<ManagementLevels> levels,
                            Describer describer) {
        return of(definition, levels, describer, ResponseTimeSource.NONE);
    }

    /** Inputs read from suppliers with a source of response times (the simulator's model, a test's). */
    static ControlInputs of(Supplier<ServiceDefinition> definition, Supplier<ManagementLevels> levels,
                            Describer describer, ResponseTimeSource responseTimes) {
        return new ControlInputs() {
            @Override
            public ResponseTimeSource responseTimes() {
                return responseTimes;
            }

            private ServiceDefinition classified;
            private Classifier classifier;

            @Override
            public synchronized Classifier classifier() {
                ServiceDefinition current = definition.get();
                if (current != classified) {
                    classifier = new Classifier(current);
                    classified = current;
                }
                return classifier;
            }

            @Override
            public ServiceDefinition definition() {
                return definition.get();
            }

            @Override
            public ManagementLevels levels() {
                return levels.get();
            }

            @Override
            public VirtualServerInfo describe(String host, String uuid, String name) {
                return describer.describe(host, uuid, name);
            }
        };
    }
}
