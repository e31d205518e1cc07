package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.StatsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.hpm.libvirt.LibvirtDriverTest.TEST_DOMAIN_UUID;
import static dev.hpm.libvirt.LibvirtDriverTest.TEST_URI;
import static dev.hpm.libvirt.LibvirtDriverTest.UNKNOWN_UUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LibvirtDomains} on {@code test:///default}. The test driver's state is shared by every
 * connection in the process, so each test restores what it changes and uses its own domain names.
 */
class LibvirtDomainsTest {
    private LibvirtDriver driver;
    private LibvirtDomains domains;

    @BeforeEach
    void open() {
        driver = LibvirtDriver.open(TEST_URI, () -> 0);
        domains = driver.domains();
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void list_testDriver_containsRunningDomainTest() {
        List<DomainInfo> all = domains.list();
        assertThat(all).extracting(DomainInfo::name).contains("test");
        DomainInfo test = domains.info(TEST_DOMAIN_UUID);
        assertThat(test.name()).isEqualTo("test");
        assertThat(test.state()).isEqualTo(DomainState.RUNNING);
        assertThat(test.active()).isTrue();
        assertThat(test.vcpus()).isEqualTo(2);
        assertThat(test.maxMemoryKiB()).isEqualTo(8 * 1024 * 1024);
        assertThat(domains.list(true)).extracting(DomainInfo::uuid).contains(TEST_DOMAIN_UUID);
    }

    @Test
    void findByName_knownAndUnknown_areFoundOrEmpty() {
        assertThat(domains.findByName("test")).map(DomainInfo::uuid).hasValue(TEST_DOMAIN_UUID);
        assertThat(domains.findByName("hpm-no-such-domain")).isEmpty();
    }

    @Test
    void suspendResume_domainTest_changesState() {
        domains.suspend(TEST_DOMAIN_UUID);
        try {
            assertThat(domains.info(TEST_DOMAIN_UUID).state()).isEqualTo(DomainState.PAUSED);
            assertThatThrownBy(() -> domains.suspend(TEST_DOMAIN_UUID))
                    .isInstanceOfSatisfying(DriverException.class,
                            e -> assertThat(e.code()).isEqualTo(LibvirtErrors.INTERNAL_ERROR))
                    .hasMessage("internal error: domain 'test' not running");
        } finally {
            domains.resume(TEST_DOMAIN_UUID);
        }
        assertThat(domains.info(TEST_DOMAIN_UUID).state()).isEqualTo(DomainState.RUNNING);
    }

    @Test
    void defineStartDestroyUndefine_newDomain_roundTrips() {
        String name = "hpm-unit-" + UUID.randomUUID();
        DomainInfo defined = domains.define("<domain type='test'><name>" + name + "</name><memory>8192</memory>"
                + "<vcpu>1</vcpu><os><type>hvm</type></os></domain>");
        try {
            assertThat(defined.name()).isEqualTo(name);
            assertThat(defined.state()).isEqualTo(DomainState.SHUTOFF);
            assertThat(defined.active()).isFalse();
            domains.start(defined.uuid());
            assertThat(domains.info(defined.uuid()).state()).isEqualTo(DomainState.RUNNING);
            assertThat(driver.domainStats(StatsGroup.CPU)).extracting(DomainSample::name).contains(name);
            assertThat(domains.xml(defined.uuid())).contains("<name>" + name + "</name>");
            domains.destroy(defined.uuid());
            assertThat(domains.info(defined.uuid()).state()).isEqualTo(DomainState.SHUTOFF);
        } finally {
            domains.undefine(defined.uuid());
        }
        assertThat(domains.findByName(name)).isEmpty();
    }

    @Test
    void changeState_everyAction_reachesLibvirt() {
        String name = "hpm-unit-" + UUID.randomUUID();
        DomainInfo defined = domains.define("<domain type='test'><name>" + name + "</name><memory>8192</memory>"
                + "<vcpu>1</vcpu><os><type>hvm</type></os><devices><disk type='file' device='disk'>"
                + "<source file='/guest.img'/><target dev='vda'/></disk><interface type='network'>"
                + "<mac address='52:54:00:aa:bb:cc'/><source network='default'/></interface></devices></domain>");
        try {
            driver.changeState(defined.uuid(), dev.hpm.core.driver.DomainAction.START);
            assertThat(domains.info(defined.uuid()).state()).isEqualTo(DomainState.RUNNING);
            driver.changeState(defined.uuid(), dev.hpm.core.driver.DomainAction.PAUSE);
            assertThat(domains.info(defined.uuid()).state()).isEqualTo(DomainState.PAUSED);
            driver.changeState(defined.uuid(), dev.hpm.core.driver.DomainAction.RESUME);
            assertThat(domains.info(defined.uuid()).state()).isEqualTo(DomainState.RUNNING);
            driver.changeState(defined.uuid(), dev.hpm.core.driver.DomainAction.REBOOT);
            assertThat(domains.info(defined.uuid()).state()).isEqualTo(DomainState.RUNNING);
            assertThat(driver.devices(defined.uuid()).disks()).extracting(dev.hpm.core.driver.DomainDevices.Disk::target)
                    .containsExactly("vda");
            assertThat(driver.devices(defined.uuid()).nics()).extracting(dev.hpm.core.driver.DomainDevices.Nic::mac)
                    .containsExactly("52:54:00:aa:bb:cc");
            driver.changeState(defined.uuid(), dev.hpm.core.driver.DomainAction.DESTROY);
            assertThat(domains.info(defined.uuid()).state()).isEqualTo(DomainState.SHUTOFF);
        } finally {
            domains.undefine(defined.uuid());
        }
    }

    @Test
    void define_invalidXml_carriesLibvirtsParserMessage() {
        assertThatThrownBy(() -> domains.define("<domain"))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isPositive())
                .hasMessageContaining("Couldn't find end of Start Tag domain");
    }

    @Test
    void schedulerParameters_testDriver_reportsWeight() {
        assertThat(domains.schedulerParameters(TEST_DOMAIN_UUID)).containsExactly(new TypedParam.UIntValue("weight", 50));
    }

    /** The test driver validates name and type of each parameter (and then ignores the value). */
    @Test
    void setSchedulerParameters_typesReachLibvirt_rightAcceptedWrongRejected() {
        domains.setSchedulerParameters(TEST_DOMAIN_UUID, List.of(new TypedParam.UIntValue("weight", 50)), Set.of());
        assertThatThrownBy(() -> domains.setSchedulerParameters(TEST_DOMAIN_UUID,
                List.of(new TypedParam.ULLongValue("weight", 50)), Set.of()))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.INVALID_ARG))
                .hasMessageContaining("weight").hasMessageContaining("uint");
    }

    @Test
    void migrate_testDriver_reportsLibvirtsUnsupportedError() {
        assertThatThrownBy(() -> domains.migrate(TEST_DOMAIN_UUID,
                Migration.live("test:///other").withBandwidth(100)))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.ARGUMENT_UNSUPPORTED))
                .hasMessage("argument unsupported: p2p migration is not supported by the source host");
    }

    @Test
    void lifecycle_unknownUuid_isNoDomain() {
        assertThatThrownBy(() -> domains.destroy(UNKNOWN_UUID))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.NO_DOMAIN));
        assertThatThrownBy(() -> domains.info(UNKNOWN_UUID)).isInstanceOf(DriverException.class)
                .hasMessage("Domain not found");
    }

    @Test
    void migration_flags_areLibvirtBits() {
        Migration m = Migration.live("qemu+ssh://h2/system");
        assertThat(m.flagBits()).isEqualTo(1 | 2 | 8 | 16);
        assertThat(m.withBandwidth(50).parameters()).containsExactly(new TypedParam.ULLongValue("bandwidth", 50));
    }
}
