package dev.hpm.store;

import dev.hpm.core.balance.BalancingGroup;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load-balancing groups: create, read back after reopening, update, delete, conflicts. */
abstract class BalancingCases extends StoreTestBase {
    BalancingCases(TestDatabase database) {
        super(database);
    }

    static final BalancingGroup WEB = new BalancingGroup(null, "web", "the shop's front ends", null, List.of(
            new BalancingGroup.Member("web-1", "shop-web-1", "10.0.0.1", 8080, BalancingGroup.Protocol.TCP),
            new BalancingGroup.Member("web-2", null, "10.0.0.2", 8080, BalancingGroup.Protocol.UDP)));

    @Test
    void create_readBackAfterReopen() {
        store.balancing().create(WEB);
        reopen();
        assertThat(store.balancing().groups()).singleElement().isEqualTo(WEB);
        assertThat(store.balancing().group("web")).contains(WEB);
    }

    @Test
    void create_sameNameTwice_conflict() {
        store.balancing().create(WEB);
        assertThatThrownBy(() -> store.balancing().create(WEB)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("web");
    }

    @Test
    void update_replacesMembers_deleteRemovesGroup() {
        store.balancing().create(WEB);
        BalancingGroup one = new BalancingGroup(null, "web", "", null, List.of(WEB.members().getFirst()));
        assertThat(store.balancing().update("web", one).members()).hasSize(1);
        store.balancing().delete("web");
        assertThat(store.balancing().groups()).isEmpty();
        assertThatThrownBy(() -> store.balancing().delete("web")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.balancing().update("web", one)).isInstanceOf(NotFoundException.class);
    }
}
