package dev.hpm.server.runtime;

import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.server.TestServer;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.InventoryRepository.SeenServer;
import dev.hpm.store.InventoryRepository.ServerRecord;
import dev.hpm.store.InventoryRepository.ServerUpdate;
import dev.hpm.store.Store;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The published state: changes applied in place, as a reload from the store would give them. */
class ServerStateTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    @TempDir
    Path data;
    private Store store;
    private ServerState state;

    @BeforeEach
    void open() {
        store = Stores.open(StoreSettings.embedded(data), TestServer.SYSTEM);
        store.inventory().seen("kvm1", 8, List.of(new SeenServer("u-1", "vm-1", 2), new SeenServer("u-2", "vm-2", 2)), T);
        store.inventory().seen("kvm2", 8, List.of(new SeenServer("u-3", "vm-3", 2)), T);
        state = new ServerState(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void updated_oneServer_isPublishedInPlaceAsAReloadWouldShowIt() {
        ServerRecord changed = store.inventory().updateServer("u-2", new ServerUpdate(Optional.of("the reports box"),
                Optional.of(Set.of("reports")), Optional.of(Optional.of(ManagementLevel.MONITOR))));
        long version = state.version();

        state.updated(changed);

        assertThat(state.server("vm-2")).contains(changed);
        assertThat(state.levels().server("kvm1", "u-2", "vm-2")).isEqualTo(ManagementLevel.MONITOR);
        assertThat(state.version()).as("the loops see a new version").isGreaterThan(version);
        Map<String, ServerRecord> inPlace = state.servers();
        state.reloadInventory();
        assertThat(inPlace).isEqualTo(state.servers());
        assertThat(state.levels().server("kvm1", "u-2", "vm-2")).isEqualTo(ManagementLevel.MONITOR);
    }

    @Test
    void levelsSet_hostsServersAndDefault_arePublishedInPlaceAsAReloadWouldShowThem() {
        Map<String, ManagementLevel> hosts = Map.of("kvm2", ManagementLevel.NONE);
        Map<String, Optional<ManagementLevel>> servers = Map.of("u-1", Optional.of(ManagementLevel.MONITOR));
        store.inventory().setLevels(ManagementLevel.MONITOR, hosts, servers);

        state.levelsSet(ManagementLevel.MONITOR, hosts, servers);

        var inPlace = state.levels();
        var hostsInPlace = state.hosts();
        assertThat(inPlace.server("kvm2", "u-3", "vm-3")).isEqualTo(ManagementLevel.NONE);
        assertThat(inPlace.server("kvm1", "u-1", "vm-1")).isEqualTo(ManagementLevel.MONITOR);
        state.reloadInventory();
        assertThat(inPlace).isEqualTo(state.levels());
        assertThat(hostsInPlace).isEqualTo(state.hosts());
    }

    @Test
    void groupSizes_countedOncePerPublishedStateAndAgainAfterAChange() {
        store.definitions().create(WorkloadResourceGroup.of("Gold", Importance.HIGH,
                store.definitions().definition().defaultGroup().policy(), Set.of("vm-1")));
        state.reloadDefinition();

        Map<String, Integer> sizes = state.groupSizes();

        assertThat(sizes).containsExactlyInAnyOrderEntriesOf(Map.of("Gold", 1, "default", 2));
        assertThat(state.groupSizes()).as("the same state: not counted again").isSameAs(sizes);
        state.seenNew(List.of(new InventoryRepository.ServerRecord("u-4", "vm-4", "kvm2", 2, "", Set.of(), "", null, T, T)));
        assertThat(state.groupSizes()).containsExactlyInAnyOrderEntriesOf(Map.of("Gold", 1, "default", 3));
        assertThat(state.groups()).extracting(g -> g.group().name()).containsExactly("default", "Gold");
    }

    @Test
    void classOf_afterAGroupChange_isTheClassOfTheNewDefinition() {
        ServerRecord vm1 = state.server("vm-1").orElseThrow();
        assertThat(state.classOf(vm1).key().group()).isEqualTo("default");
        store.definitions().create(WorkloadResourceGroup.of("Gold", Importance.HIGH,
                store.definitions().definition().defaultGroup().policy(), Set.of("vm-1")));

        state.reloadDefinition();

        assertThat(state.classOf(vm1)).isEqualTo(state.classifier().classify(
                new dev.hpm.core.model.VirtualServerInfo("u-1", "vm-1", "kvm1", Set.of(), "")));
        assertThat(state.classOf(vm1).key().group()).isEqualTo("Gold");
    }
}
