package dev.hpm.store;

import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's service definition: workload resource groups (with members, importance, CPU limits
 * and performance policy) and the velocity mapping. The built-in {@code default} group always
 * exists (created with {@link dev.hpm.core.model.PerformancePolicy#DEFAULT} when the store is new)
 * and cannot be deleted or renamed. Group names are unique without regard to case; a member (VS
 * UUID or name) is in at most one group.
 */
public interface DefinitionRepository {

    /** A stored group: a stable id (assigned on creation, never reused) and timestamps. */
    record GroupRecord(String id, WorkloadResourceGroup group, Instant created, Instant updated) {
    }

    /** Increases with every committed change of the definition, so readers can tell when to reload. */
    long version();

    /** The current definition, built from the stored rows; always valid. */
    ServiceDefinition definition();

    /** Every group, {@code default} first, then by name. */
    List<GroupRecord> groups();

    /** A group by id, or by name (case-insensitive) if no id matches. */
    Optional<GroupRecord> group(String idOrName);

    /**
     * Creates a group.
     *
     * @throws ConflictException if the name is taken or a member is in another group
     */
    GroupRecord create(WorkloadResourceGroup group);

    /**
     * Replaces the group with this id (description, importance, limits, policy, members; and its
     * name unless it is {@code default}).
     *
     * @throws NotFoundException if there is no such group
     * @throws ConflictException if the new name is taken or a member is in another group
     */
    GroupRecord update(String id, WorkloadResourceGroup group);

    /**
     * A virtual server to add to or remove from a group: the key it is stored under (its UUID) and
     * the other keys it may be listed under (its name).
     */
    record Member(String key, Set<String> aliases) {
        public Member {
            aliases = Set.copyOf(aliases);
        }

        public Set<String> keys() {
            Set<String> keys = new LinkedHashSet<>(aliases); // the key, and every alias
            keys.add(key);
            return keys;
        }
    }

    /**
     * Adds servers to the group with this id, reading and writing its members in one transaction
     * under the definition's lock, so parallel additions all count. A server listed by an alias
     * is listed by its key afterwards.
     *
     * @throws NotFoundException if there is no such group
     * @throws ConflictException if a server (by key or alias) is in another group
     */
    GroupRecord addMembers(String id, List<Member> servers);

    /**
     * Removes servers (each listed by its key or an alias) from the group with this id, in one
     * transaction under the definition's lock.
     *
     * @throws NotFoundException if there is no such group
     * @throws ConflictException if a server is not a member of the group
     */
    GroupRecord removeMembers(String id, List<Member> servers);

    /**
     * Deletes a group; its members return to {@code default}.
     *
     * @throws NotFoundException        if there is no such group
     * @throws IllegalArgumentException for the {@code default} group
     */
    void delete(String id);

    VelocityMapping velocityMapping();

    void setVelocityMapping(VelocityMapping mapping);

    /**
     * Replaces the whole definition in one transaction (policy import): groups with the same name
     * keep their id, others are created or deleted.
     */
    void replace(ServiceDefinition definition);
}
