package dev.hpm.store;

import dev.hpm.core.balance.BalancingGroup;

import java.util.List;
import java.util.Optional;

/** The load-balancing groups defined through the API, with their members (docs/workload-balancing.md). */
public interface BalancingRepository {
    /** Every group, by name. */
    List<BalancingGroup> groups();

    /** The group with this id or name. */
    Optional<BalancingGroup> group(String idOrName);

    /**
     * Adds a group (validated by the caller); its id is its name.
     *
     * @throws ConflictException if a group of that name exists
     */
    BalancingGroup create(BalancingGroup group);

    /**
     * Replaces the description and members of group {@code id}.
     *
     * @throws NotFoundException if there is none
     */
    BalancingGroup update(String id, BalancingGroup group);

    /**
     * Deletes group {@code id} and its members.
     *
     * @throws NotFoundException if there is none
     */
    void delete(String id);
}
