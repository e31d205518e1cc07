package dev.hpm.store;

import dev.hpm.core.model.ManagementLevel;
import dev.hpm.store.InventoryRepository.HostRecord;
import dev.hpm.store.InventoryRepository.SeenServer;
import dev.hpm.store.InventoryRepository.ServerRecord;
import dev.hpm.store.InventoryRepository.ServerUpdate;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hosts, servers and management levels. */
abstract class InventoryCases extends StoreTestBase {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    InventoryCases(TestDatabase database) {
        super(database);
    }

    private InventoryRepository inventory() {
        return store.inventory();
    }

    @Test
    void seen_newServers_areInsertedWithFirstAndLastSeen() {
        inventory().seen("qemu:///system", 8, List.of(new SeenServer("u-1", "web-1", 2), new SeenServer("u-2", "db-1", 4)),
                T0);

        assertThat(inventory().servers()).containsExactly(
                new ServerRecord("u-2", "db-1", "qemu:///system", 4, "", Set.of(), "", null, T0, T0),
                new ServerRecord("u-1", "web-1", "qemu:///system", 2, "", Set.of(), "", null, T0, T0));
        assertThat(inventory().host("qemu:///system")).contains(
                new HostRecord("qemu:///system", "qemu:///system", "qemu:///system", 8, null, T0, T0));
    }

    @Test
    void seen_again_updatesNameHostVcpusAndLastSeenButKeepsWhatOperatorsSet() {
        inventory().seen("kvm1", 8, List.of(new SeenServer("u-1", "web-1", 2)), T0);
        inventory().updateServer("u-1", new ServerUpdate(Optional.of("front end"), Optional.of(Set.of("web", "prod")),
                Optional.of(Optional.of(ManagementLevel.MONITOR))));

        inventory().seen("kvm2", 16, List.of(new SeenServer("u-1", "web-one", 4)), T0.plusSeconds(10));

        assertThat(inventory().server("u-1")).contains(new ServerRecord("u-1", "web-one", "kvm2", 4, "front end",
                Set.of("web", "prod"), "", ManagementLevel.MONITOR, T0, T0.plusSeconds(10)));
        assertThat(inventory().host("kvm2").orElseThrow().cpus()).isEqualTo(16);
    }

    @Test
    void lastSeen_laterSighting_isStoredAndAnEarlierOneNeverMovesItBack() {
        inventory().seen("kvm1", 8, List.of(new SeenServer("u-1", "web-1", 2), new SeenServer("u-2", "db-1", 2)), T0);

        inventory().lastSeen(Map.of("u-1", T0.plusSeconds(50), "u-unknown", T0.plusSeconds(50)));
        inventory().lastSeen(Map.of("u-1", T0.plusSeconds(20), "u-2", T0.minusSeconds(20)));

        assertThat(inventory().server("u-1").orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(50));
        assertThat(inventory().server("u-2").orElseThrow().lastSeen()).as("not moved back").isEqualTo(T0);
        assertThat(inventory().server("u-1").orElseThrow().host()).as("the host stays").isEqualTo("kvm1");
        assertThat(inventory().servers()).hasSize(2);
    }

    @Test
    void seen_thousandServers_oneCallUpsertsAll() {
        List<SeenServer> servers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            servers.add(new SeenServer("uuid-" + i, "vm-" + i, 1 + i % 4));
        }
        inventory().seen("kvm1", 32, servers, T0);
        inventory().seen("kvm1", 32, servers, T0.plusSeconds(10));

        assertThat(inventory().servers()).hasSize(1000)
                .allSatisfy(s -> assertThat(s.lastSeen()).isEqualTo(T0.plusSeconds(10)))
                .allSatisfy(s -> assertThat(s.firstSeen()).isEqualTo(T0));
    }

    @Test
    void seen_sameServerTwiceInOneReport_keepsTheLast() {
        inventory().seen("kvm1", 8, List.of(new SeenServer("u-1", "old", 2), new SeenServer("u-1", "new", 4)), T0);

        assertThat(inventory().servers()).singleElement().extracting(ServerRecord::name, ServerRecord::vcpus)
                .containsExactly("new", 4);
    }

    @Test
    void seen_severalHostsInOneWrite_eachHostAndItsServers_aServerOnTwoTheLaterHosts() {
        inventory().seen(List.of(
                new InventoryRepository.HostSighting("kvm1", 8, List.of(new SeenServer("u-1", "web-1", 2),
                        new SeenServer("u-moving", "mover", 2)), T0),
                new InventoryRepository.HostSighting("kvm2", 16, List.of(new SeenServer("u-2", "db-1", 4),
                        new SeenServer("u-moving", "mover", 2)), T0.plusSeconds(1)),
                new InventoryRepository.HostSighting("kvm3", 4, List.of(), T0)));

        assertThat(inventory().hosts()).extracting(HostRecord::id, HostRecord::cpus)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("kvm1", 8),
                        org.assertj.core.groups.Tuple.tuple("kvm2", 16), org.assertj.core.groups.Tuple.tuple("kvm3", 4));
        assertThat(inventory().server("u-1").orElseThrow().host()).isEqualTo("kvm1");
        assertThat(inventory().server("u-2").orElseThrow().host()).isEqualTo("kvm2");
        assertThat(inventory().server("u-moving").orElseThrow()).extracting(ServerRecord::host, ServerRecord::lastSeen)
                .containsExactly("kvm2", T0.plusSeconds(1));
        assertThat(inventory().servers()).hasSize(3);
    }

    @Test
    void server_byUuidOrByName() {
        inventory().seen("kvm1", 8, List.of(new SeenServer("u-1", "web-1", 2), new SeenServer("web-1x", "u-1x", 2)), T0);

        assertThat(inventory().server("u-1").map(ServerRecord::name)).contains("web-1");
        assertThat(inventory().server("web-1").map(ServerRecord::uuid)).contains("u-1");
        assertThat(inventory().server("nothing")).isEmpty();
    }

    @Test
    void updateServer_absentFieldsStayAndAnEmptyLevelMeansTheDefault() {
        inventory().seen("kvm1", 8, List.of(new SeenServer("u-1", "web-1", 2)), T0);
        inventory().updateServer("u-1", new ServerUpdate(Optional.of("d"), Optional.of(Set.of("a")),
                Optional.of(Optional.of(ManagementLevel.NONE))));

        ServerRecord kept = inventory().updateServer("u-1", new ServerUpdate(Optional.empty(), Optional.empty(),
                Optional.empty()));
        assertThat(kept.description()).isEqualTo("d");
        assertThat(kept.tags()).containsExactly("a");
        assertThat(kept.level()).isEqualTo(ManagementLevel.NONE);

        ServerRecord reset = inventory().updateServer("u-1", new ServerUpdate(Optional.empty(), Optional.empty(),
                Optional.of(Optional.empty())));
        assertThat(reset.level()).isNull();
        assertThat(inventory().server("u-1")).contains(reset);
    }

    @Test
    void updateServer_unknown_isNotFound() {
        assertThatThrownBy(() -> inventory().updateServer("u-9", new ServerUpdate(Optional.empty(), Optional.empty(),
                Optional.empty()))).isInstanceOf(NotFoundException.class).hasMessageContaining("u-9");
    }

    @Test
    void registerHost_isIdempotentAndKeepsTheLevel() {
        HostRecord registered = inventory().registerHost("qemu+ssh://root@kvm2/system", "kvm2",
                "qemu+ssh://root@kvm2/system");
        assertThat(registered).isEqualTo(new HostRecord("qemu+ssh://root@kvm2/system", "kvm2",
                "qemu+ssh://root@kvm2/system", 0, null, null, null));
        inventory().setHostLevel(registered.id(), ManagementLevel.MONITOR);

        HostRecord again = inventory().registerHost(registered.id(), "kvm-2", registered.uri());

        assertThat(again.name()).isEqualTo("kvm-2");
        assertThat(again.level()).isEqualTo(ManagementLevel.MONITOR);
        inventory().seen(registered.id(), 24, List.of(), T0);
        assertThat(inventory().host(registered.id()).orElseThrow()).isEqualTo(new HostRecord(registered.id(), "kvm-2",
                registered.uri(), 24, ManagementLevel.MONITOR, T0, T0));
    }

    @Test
    void setHostLevel_nullMeansTheDefaultAndUnknownHostIsNotFound() {
        inventory().registerHost("kvm1", "kvm1", "qemu:///system");
        inventory().setHostLevel("kvm1", ManagementLevel.NONE);

        assertThat(inventory().setHostLevel("kvm1", null).level()).isNull();
        assertThatThrownBy(() -> inventory().setHostLevel("kvm9", ManagementLevel.MANAGE))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void hosts_byId() {
        inventory().registerHost("b", "b", "b");
        inventory().registerHost("a", "a", "a");

        assertThat(inventory().hosts()).extracting(HostRecord::id).containsExactly("a", "b");
    }

    @Test
    void defaultLevel_isManageInANewStoreAndKeepsWhatIsSet() {
        assertThat(inventory().defaultLevel()).isEqualTo(ManagementLevel.MANAGE);

        inventory().setDefaultLevel(ManagementLevel.MONITOR);

        assertThat(reopen().inventory().defaultLevel()).isEqualTo(ManagementLevel.MONITOR);
    }
}
