package dev.hpm.core.driver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DomainEvent}: libvirt's event numbers and the migration details. */
class DomainEventTest {
    @Test
    void kindOf_libvirtNumbers_mapInLibvirtsOrder() {
        assertThat(DomainEvent.Kind.of(0)).isEqualTo(DomainEvent.Kind.DEFINED);
        assertThat(DomainEvent.Kind.of(2)).isEqualTo(DomainEvent.Kind.STARTED);
        assertThat(DomainEvent.Kind.of(5)).isEqualTo(DomainEvent.Kind.STOPPED);
        assertThat(DomainEvent.Kind.of(8)).isEqualTo(DomainEvent.Kind.CRASHED);
        assertThat(DomainEvent.Kind.of(9)).as("a kind of a later libvirt").isNull();
        assertThat(DomainEvent.Kind.of(-1)).isNull();
    }

    @Test
    void migrated_startedOrStoppedWithMigratedDetail_only() {
        assertThat(new DomainEvent("u", "n", DomainEvent.Kind.STARTED, 1).migrated()).isTrue();
        assertThat(new DomainEvent("u", "n", DomainEvent.Kind.STOPPED, 3).migrated()).isTrue();
        assertThat(new DomainEvent("u", "n", DomainEvent.Kind.STARTED, 0).migrated()).as("booted").isFalse();
        assertThat(new DomainEvent("u", "n", DomainEvent.Kind.STOPPED, 1).migrated()).as("destroyed").isFalse();
    }
}
