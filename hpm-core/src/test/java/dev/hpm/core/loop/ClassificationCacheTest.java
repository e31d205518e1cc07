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

    @Test
    void classOf_sameDefinitionAndName_classifiesOnce() {
        cache.use(definition.get());
        ClassInfo first = cache.classOf("u1", "vs-1");
        cache.use(definition.get());

        assertThat(cache.classOf("u1", "vs-1")).isEqualTo(first);
        assertThat(described).isEqualTo(1);
    }

    @Test
    void classOf_renamedServer_classifiesAgain() {
        cache.use(definition.get());
        cache.classOf("u1", "vs-1");
        cache.classOf("u1", "vs-1-renamed");

        assertThat(described).isEqualTo(2);
    }

    @Test
    void use_newDefinitionOrInputsVersion_classifiesAgain() {
        cache.use(definition.get());
        cache.classOf("u1", "vs-1");
        definition.set(ServiceDefinition.empty());
        cache.use(definition.get());
        cache.classOf("u1", "vs-1");
        version.incrementAndGet();
        cache.use(definition.get());
        cache.classOf("u1", "vs-1");

        assertThat(described).isEqualTo(3);
    }

    @Test
    void retainAll_forgetsServersThatAreGone() {
        cache.use(definition.get());
        cache.classOf("u1", "vs-1");
        cache.retainAll(Set.of());
        cache.classOf("u1", "vs-1");

        assertThat(described).isEqualTo(2);
    }
}
