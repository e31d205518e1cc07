package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.NodeInfo;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.core.driver.HypervisorDriver.Affect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LibvirtDriver} against libvirt's in-process {@code test:///default} driver: no daemon, one
 * running domain {@code test}, a fixed fake host, no CPU statistics and no {@code cpu_shares}.
 */
class LibvirtDriverTest {
    static final String TEST_URI = "test:///default";
    static final String TEST_DOMAIN_UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";
    static final String UNKNOWN_UUID = "00000000-0000-0000-0000-00000000beef";

    private final AtomicLong clock = new AtomicLong(1_000);
    private LibvirtDriver driver;

    @BeforeEach
    void open() {
        driver = LibvirtDriver.open(TEST_URI, clock::incrementAndGet);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void open_testDriver_reportsUriHostAndVersion() {
        assertThat(driver.uri()).isEqualTo(TEST_URI);
        assertThat(driver.hostname()).isNotBlank();
        assertThat(driver.libVersion()).isGreaterThanOrEqualTo(LibvirtLibrary.version()).isPositive();
        assertThat(driver.usesNoWait()).isEqualTo(driver.libVersion() >= 6_000_000);
        assertThat(driver.isAlive()).isTrue();
        assertThat(driver.toString()).contains(TEST_URI, LibvirtLibrary.formatVersion(driver.libVersion()));
    }

    @Test
    void open_brokenTestDriverFile_carriesLibvirtCodeAndMessage() {
        // in-process: the test driver parses the file itself, whether or not a daemon runs
        assertThatThrownBy(() -> LibvirtDriver.open("test:///nonexistent-hpm-test.xml", clock::get))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.code()).isEqualTo(27); // VIR_ERR_XML_ERROR
                    assertThat(e.getMessage()).contains("failed to parse xml document '/nonexistent-hpm-test.xml'");
                });
    }

    @Test
    void nodeInfo_testDriver_reportsItsFakeHost() {
        NodeInfo info = driver.nodeInfo();
        assertThat(info).isEqualTo(new NodeInfo("i686", 3 * 1024 * 1024, 16, 1400, 2, 2, 2, 2));
    }

    @Test
    void nodeCpuStats_testDriver_readsAllFieldsAndStamps() {
        NodeCpuStats first = driver.nodeCpuStats();
        NodeCpuStats second = driver.nodeCpuStats();
        assertThat(first.kernelNanos()).isPositive();
        assertThat(first.userNanos()).isPositive();
        assertThat(first.idleNanos()).isPositive();
        assertThat(first.iowaitNanos()).isPositive();
        assertThat(second.timestampNanos()).isGreaterThan(first.timestampNanos());
    }

    @Test
    void domainStats_testDriver_decodesStateOfDomainTest() {
        long before = clock.get();
        List<DomainSample> samples = driver.domainStats(StatsGroup.ALL);
        assertThat(samples).hasSize(1);
        DomainSample test = samples.getFirst();
        assertThat(test.uuid()).isEqualTo(TEST_DOMAIN_UUID);
        assertThat(test.name()).isEqualTo("test");
        assertThat(test.state()).isEqualTo(DomainSample.STATE_RUNNING);
        assertThat(test.timestampNanos()).isEqualTo(before + 1);
        assertThat(test.cpuTimeNanos()).isEqualTo(DomainSample.ABSENT);
        assertThat(test.vcpuTimeNanos()).isNull();
    }

    @Test
    void domainStats_emptyGroups_asksForEverythingSupported() {
        assertThat(driver.domainStats(EnumSet.noneOf(StatsGroup.class))).extracting(DomainSample::name)
                .containsExactly("test");
    }

    @Test
    void domainStats_repeated_reusesCachedStrings() {
        DomainSample a = driver.domainStats(StatsGroup.CPU).getFirst();
        DomainSample b = driver.domainStats(StatsGroup.CPU).getFirst();
        assertThat(b.uuid()).isSameAs(a.uuid());
        assertThat(b.name()).isSameAs(a.name());
    }

    @Test
    void schedulerParameters_testDriver_hasNoSharesSoDefaultsApply() {
        assertThat(driver.schedulerParameters(TEST_DOMAIN_UUID)).isEqualTo(SchedulerParameters.defaults());
    }

    @Test
    void schedulerParameters_unknownUuid_carriesLibvirtCodeAndMessage() {
        assertThatThrownBy(() -> driver.schedulerParameters(UNKNOWN_UUID))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.NO_DOMAIN))
                .hasMessage("Domain not found");
    }

    @Test
    void schedulerParameters_malformedUuid_isLibvirtsInvalidArgument() {
        assertThatThrownBy(() -> driver.schedulerParameters("not-a-uuid"))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.INVALID_ARG))
                .hasMessage("Invalid UUID");
    }

    @Test
    void updateScheduler_liveOnTestDriver_isRejectedWithLibvirtsMessage() {
        assertThatThrownBy(() -> driver.updateScheduler(TEST_DOMAIN_UUID, SchedulerUpdate.shares(2048),
                EnumSet.of(Affect.LIVE)))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.INVALID_ARG))
                .hasMessage("unsupported flags (0x1) in function testDomainSetSchedulerParametersFlags");
    }

    @Test
    void updateScheduler_sharesOnTestDriver_isRejectedWithLibvirtsMessage() {
        assertThatThrownBy(() -> driver.updateScheduler(TEST_DOMAIN_UUID, SchedulerUpdate.shares(2048), Set.of()))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isPositive())
                .hasMessageContaining("cpu_shares");
    }

    @Test
    void close_thenCall_failsAsClosedConnection() {
        driver.close();
        driver.close();
        assertThat(driver.isAlive()).isFalse();
        assertThatThrownBy(() -> driver.domainStats(StatsGroup.CPU))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.INVALID_CONN))
                .hasMessageContaining("closed");
    }

    @Test
    void open_readOnly_refusesChangesWithLibvirtsMessage() {
        try (LibvirtDriver readOnly = LibvirtDriver.open(ConnectOptions.of(TEST_URI).asReadOnly(), clock::get)) {
            assertThat(readOnly.readOnly()).isTrue();
            assertThat(readOnly.domainStats(StatsGroup.CPU)).hasSize(1);
            assertThatThrownBy(() -> readOnly.domains().suspend(TEST_DOMAIN_UUID))
                    .isInstanceOf(DriverException.class)
                    .hasMessageContaining("read only");
        }
    }

    @Test
    void probe_missingLibrary_namesThePackage() {
        assertThat(LibvirtLibrary.probe("libhpm-no-such-library.so.0"))
                .startsWith("libvirt is not installed: apt-get install libvirt0");
        assertThat(LibvirtLibrary.probe("libvirt.so.0")).isNull();
        assertThat(LibvirtLibrary.isAvailable()).isTrue();
    }
}
