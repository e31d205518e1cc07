package dev.hpm.store;

import dev.hpm.core.model.GroupMember;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's service definition: workload resource groups (with members, importance, CPU limits
 * and performance policy) and the velocity mapping. The built-in {@code default} group always
 * exists (created with {@link dev.hpm.core.model.PerformancePolicy#DEFAULT} when the store is new)
 * and cannot be deleted or renamed. Group names are unique without regard to case; a member (VS
 * UUID or name) is in at most one group. These rules are {@link dev.hpm.core.model.GroupRules}'; an
 * implementation checks them in the transaction of each change and throws by the violation's kind:
 * {@link ConflictException} for a conflict, {@link dev.hpm.core.model.InvalidDefinitionException}
 * for an invalid member.
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
    default GroupRecord create(WorkloadResourceGroup group) {
        return create(group, Map.of());
    }

    /**
     * Creates a group whose members (VS UUIDs) have other keys too: {@code aliases} maps a member
     * to them (its name), so that a server another group lists by its name is a conflict as well.
     *
     * @throws ConflictException if the name is taken or a member is in another group, by key or alias
     */
    GroupRecord create(WorkloadResourceGroup group, Map<String, Set<String>> aliases);

    /**
     * Replaces the group with this id (description, importance, limits, policy, members; and its
     * name unless it is {@code default}).
     *
     * @throws NotFoundException if there is no such group
     * @throws ConflictException if the new name is taken, a member is in another group, or the
     *                           {@code default} group would be renamed
     */
    GroupRecord update(String id, WorkloadResourceGroup group);

    /**
     * Adds servers to the group with this id, reading and writing its members in one transaction
     * under the definition's lock, so parallel additions all count. A server listed by an alias
     * is listed by its key afterwards.
     *
     * @throws NotFoundException if there is no such group
     * @throws ConflictException if a server (by key or alias) is in another group, or the group is {@code default}
     */
    GroupRecord addMembers(String id, List<GroupMember> servers);

    /**
     * Removes servers (each listed by its key or an alias) from the group with this id, in one
     * transaction under the definition's lock.
     *
     * @throws NotFoundException if there is no such group
     * @throws ConflictException if a server is not a member of the group, or the group is {@code default}
     */
    GroupRecord removeMembers(String id, List<GroupMember> servers);

    /**
     * Deletes a group; its members return to {@code default}.
     *
     * @throws NotFoundException if there is no such group
     * @throws ConflictException for the {@code default} group
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
