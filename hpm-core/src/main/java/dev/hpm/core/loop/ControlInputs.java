package dev.hpm.core.loop;

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

    /** Describes a server for classification. */
    @FunctionalInterface
    interface Describer {
        VirtualServerInfo describe(String host, String uuid, String name);
    }

    /** Inputs read from suppliers, for the simulator, tests and benchmarks. */
    static ControlInputs of(Supplier<ServiceDefinition> definition, Supplier<ManagementLevels> levels,
                            Describer describer) {
        return new ControlInputs() {
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
