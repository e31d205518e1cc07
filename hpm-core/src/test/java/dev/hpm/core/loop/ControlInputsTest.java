package dev.hpm.core.loop;

import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VirtualServerInfo;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ControlInputsTest {
    @Test
    void classifier_sharedUntilTheDefinitionChanges() {
        AtomicReference<ServiceDefinition> definition = new AtomicReference<>(ServiceDefinition.empty());
        ControlInputs inputs = ControlInputs.of(definition::get, () -> ManagementLevels.all(ManagementLevel.MANAGE),
                (h, u, n) -> new VirtualServerInfo(u, n, h, null, null));
        var first = inputs.classifier();
        assertThat(inputs.classifier()).isSameAs(first);
        definition.set(ServiceDefinition.empty());
        assertThat(inputs.classifier()).isNotSameAs(first);
    }
}
