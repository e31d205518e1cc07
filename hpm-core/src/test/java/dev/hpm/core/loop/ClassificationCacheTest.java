package dev.hpm.core.loop;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VirtualServerInfo;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A server is classified once per definition, inputs version and name. */
class ClassificationCacheTest {
    final AtomicReference<ServiceDefinition> definition = new AtomicReference<>(ServiceDefinition.empty());
    final AtomicLong version = new AtomicLong();
    int described;
    final ControlInputs inputs = new ControlInputs() {
        @Override
        public ServiceDefinition definition() {
            return definition.get();
        }

        @Override
        public ManagementLevels levels() {
            return ManagementLevels.all(ManagementLevel.MANAGE);
        }

        @Override
        public VirtualServerInfo describe(String host, String uuid, String name) {
            described++;
            return new VirtualServerInfo(uuid, name, host, null, null);
        }

        @Override
        public long version() {
            return version.get();
        }
    };
    final ClassificationCache cache = new ClassificationCache("h1", inputs);

    /** Starts an interval under the current definition and classifies server u1 as {@code name}. */
    ClassInfo classify(String name) {
        cache.use(definition.get());
        return cache.classOf("u1", name);
    }

    @Test
    void classOf_sameDefinitionAndName_classifiesOnce() {
        ClassInfo first = classify("vs-1");

        assertThat(classify("vs-1")).isEqualTo(first);
        assertThat(described).isEqualTo(1);
    }

    @Test
    void classOf_renamedServer_classifiesAgain() {
        classify("vs-1");
        classify("vs-1-renamed");

        assertThat(described).isEqualTo(2);
    }

    @Test
    void use_newDefinitionOrInputsVersion_classifiesAgain() {
        classify("vs-1");
        definition.set(ServiceDefinition.empty());
        classify("vs-1");
        version.incrementAndGet();
        classify("vs-1");

        assertThat(described).isEqualTo(3);
    }

    @Test
    void retainAll_forgetsServersThatAreGone() {
        classify("vs-1");
        cache.retainAll(Set.of());
        classify("vs-1");

        assertThat(described).isEqualTo(2);
    }
}
