package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainEvent;
import dev.hpm.core.driver.HypervisorDriver.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.hpm.libvirt.LibvirtDriverTest.TEST_DOMAIN_UUID;
import static dev.hpm.libvirt.LibvirtDriverTest.TEST_URI;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tags in the domain's metadata and lifecycle events, on libvirt's in-process {@code test:///default}
 * driver (it keeps metadata and emits events like a real host, through the same event loop).
 */
class DomainMetadataEventsTest {
    private LibvirtDriver driver;

    @BeforeEach
    void open() {
        driver = LibvirtDriver.open(TEST_URI, System::nanoTime);
    }

    @AfterEach
    void close() {
        if (driver.domains().info(TEST_DOMAIN_UUID).state() != DomainState.RUNNING) {
            driver.domains().start(TEST_DOMAIN_UUID);
        }
        driver.setTags(TEST_DOMAIN_UUID, new LinkedHashSet<>());
        driver.close();
    }

    @Test
    void setTags_runningDomain_appearInItsXmlAndReadBack() {
        assertThat(driver.keepsTags()).isTrue();
        driver.setTags(TEST_DOMAIN_UUID, new LinkedHashSet<>(List.of("web", "prod")));
        assertThat(driver.tags(TEST_DOMAIN_UUID)).contains(new LinkedHashSet<>(List.of("web", "prod")));
        assertThat(driver.domains().xml(TEST_DOMAIN_UUID)).contains("<hpm:tags xmlns:hpm=\"" + TagsMetadata.NAMESPACE
                + "\">", "<hpm:tag>web</hpm:tag>", "<hpm:tag>prod</hpm:tag>");
        driver.setTags(TEST_DOMAIN_UUID, new LinkedHashSet<>());
        assertThat(driver.tags(TEST_DOMAIN_UUID)).as("an empty element means no tags").contains(new LinkedHashSet<>());
    }

    @Test
    void tags_domainWithoutHpmMetadata_isEmpty() {
        LibvirtDomains d = driver.domains();
        DomainInfo fresh = d.define("<domain type='test'><name>hpm-meta-" + java.util.UUID.randomUUID()
                + "</name><memory>8192</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
        try {
            assertThat(driver.tags(fresh.uuid())).isEqualTo(Optional.empty());
        } finally {
            d.undefine(fresh.uuid());
        }
    }

    @Test
    void onDomainEvents_stopAndStart_deliversEachAndDeregistersOnClose() throws Exception {
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        int before = DomainEvents.registered();
        Subscription s = driver.onDomainEvents(events::add);
        assertThat(DomainEvents.registered()).isEqualTo(before + 1);
        driver.domains().suspend(TEST_DOMAIN_UUID);
        driver.domains().resume(TEST_DOMAIN_UUID);
        driver.domains().destroy(TEST_DOMAIN_UUID);
        driver.domains().start(TEST_DOMAIN_UUID);
        List<DomainEvent.Kind> kinds = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DomainEvent e = events.poll(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("event %d", i + 1).isNotNull();
            assertThat(e.uuid()).isEqualTo(TEST_DOMAIN_UUID);
            assertThat(e.name()).isEqualTo("test");
            kinds.add(e.kind());
        }
        assertThat(kinds).containsExactly(DomainEvent.Kind.SUSPENDED, DomainEvent.Kind.RESUMED,
                DomainEvent.Kind.STOPPED, DomainEvent.Kind.STARTED);
        s.close();
        s.close();
        assertThat(DomainEvents.registered()).isEqualTo(before);
        driver.domains().suspend(TEST_DOMAIN_UUID);
        driver.domains().resume(TEST_DOMAIN_UUID);
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("no event after the subscription ended").isNull();
    }

    @Test
    void onDomainEvents_listenerThrows_laterEventsStillArrive() throws Exception {
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        try (Subscription failing = driver.onDomainEvents(e -> {
            throw new IllegalStateException("listener bug");
        }); Subscription s = driver.onDomainEvents(events::add)) {
            driver.domains().suspend(TEST_DOMAIN_UUID);
            driver.domains().resume(TEST_DOMAIN_UUID);
            assertThat(events.poll(5, TimeUnit.SECONDS)).extracting(DomainEvent::kind).isEqualTo(DomainEvent.Kind.SUSPENDED);
            assertThat(events.poll(5, TimeUnit.SECONDS)).extracting(DomainEvent::kind).isEqualTo(DomainEvent.Kind.RESUMED);
        }
    }
}
