package dev.hpm.server.pool.real;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.pool.LiveMigrationSettings;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.pool.HostPower;
import dev.hpm.server.pool.PoolPolicy;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.PoolRepository;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real drivers without hosts: each migration's settings from the pool's policy, power drivers
 * from the stored settings (unusable ones refuse saying why, without the password), the initial
 * power state.
 */
class RealPoolDriversTest {
    private static final String A = "qemu+ssh://root@kvm1/system";
    private static final String B = "qemu+ssh://root@kvm2/system";
    private static final ManagedHost HOST_B = new ManagedHost(B, "kvm2", B, null, null);

    /** A store whose pool of A and B has {@code policy} and whose hosts are in {@code power}. */
    private static PoolRepository store(String policy, PoolRepository.Power power) {
        return (PoolRepository) Proxy.newProxyInstance(PoolRepository.class.getClassLoader(),
                new Class<?>[]{PoolRepository.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "poolOf" -> Optional.of(new PoolRepository.PoolRecord("p1", "prod", "", List.of(A, B), policy,
                            Instant.EPOCH, Instant.EPOCH));
                    case "hostState" -> new PoolRepository.HostState((String) args[0], PoolRepository.Maintenance.NONE,
                            Instant.EPOCH, power, Instant.EPOCH, "");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static RealPoolDrivers drivers(PoolRepository store) {
        return new RealPoolDrivers(List.of(new ServerConfig.HostConfig(A, "kvm1"),
                new ServerConfig.HostConfig(B, "kvm2", "tcp://10.0.0.2")), store, Map::of, Timebase.system());
    }

    @Test
    void migrationSettings_fromThePoolsPolicyAtEachMigration() {
        PoolRepository store = store("{\"migration\": {\"bandwidth-mbps\": 7.4}}", PoolRepository.Power.ON);
        var migration = new PoolPolicy.Migration(120, Duration.ofSeconds(45), false);
        LibvirtMigrator m = new LibvirtMigrator(List.of(new ManagedHost(A, "kvm1", A, null, null), HOST_B),
                Map.of(B, "tcp://10.0.0.2"), () -> migration, store, Timebase.system());
        LiveMigrationSettings s = m.settings(A);
        assertThat(s.bandwidthMibPerSecond()).isEqualTo(7);
        assertThat(s.maxDowntime()).isEqualTo(Duration.ofMillis(120));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.autoConverge()).isFalse();
        assertThat(m.migrate("web-1", A, "qemu:///elsewhere").detail()).contains("is not in this pool");
    }

    @Test
    void power_unusableIpmiSettings_refuseSayingWhy_withoutThePassword() {
        HostPower p = drivers(store("{}", PoolRepository.Power.ON)).power(HOST_B, new PoolRepository.PowerSettings(B,
                PoolRepository.Driver.IPMI, "", 623, "hpm", "sealed", null, Duration.ofMinutes(5), 100, 200),
                () -> "s3cret-password-too-long-for-ipmi");
        PoolActuator.Handle h = p.powerOn();
        assertThat(h.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(h.detail()).contains("power settings of kvm2 are not usable").contains("address")
                .doesNotContain("s3cret");
        assertThat(p.driver()).isEqualTo("ipmi");
    }

    @Test
    void power_ipmi_startsFromTheStoredState_noneWithoutSettings() {
        RealPoolDrivers d = drivers(store("{}", PoolRepository.Power.POWERING_ON));
        HostPower p = d.power(HOST_B, new PoolRepository.PowerSettings(B, PoolRepository.Driver.IPMI, "127.0.0.1", 623,
                "hpm", "sealed", null, Duration.ofMinutes(5), 100, 200), () -> "secret");
        assertThat(p.driver()).isEqualTo("ipmi");
        assertThat(p.state()).as("a power-on cut short by a restart is off until the host reports").isEqualTo(PowerState.OFF);
        assertThat(d.power(HOST_B, PoolRepository.PowerSettings.none(B), () -> null).driver()).isEqualTo("none");
    }
}
