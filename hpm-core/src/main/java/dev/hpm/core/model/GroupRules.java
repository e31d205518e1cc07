package dev.hpm.core.model;

import dev.hpm.core.model.GroupFacts.Holder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one home of the rules about workload resource groups and their members; the store calls them
 * inside the transaction of each change with the {@link GroupFacts} it read there (so that parallel
 * writers, serialised by the store's lock, are all checked), the REST API only maps the outcome.
 * Each operation returns the {@link GroupViolation}s of the proposed change, none if it may be
 * written:
 * <ol>
 *   <li>a group name is taken when another group has it without regard to case ({@link #nameKey});</li>
 *   <li>a virtual server is in at most one group, by its key (UUID) or any alias (name);</li>
 *   <li>the {@code default} group cannot be renamed;</li>
 *   <li>the {@code default} group cannot be deleted;</li>
 *   <li>servers are not added to or removed from the {@code default} group: it holds every server
 *       in no other group, so a server joins it by leaving its group;</li>
 *   <li>only members of a group can be removed from it;</li>
 *   <li>a member is a VS UUID or name of 1 to {@link #MAX_MEMBER_LENGTH} characters.</li>
 * </ol>
 * Rules 1 to 6 are conflicts with what is stored ({@link GroupViolation.Kind#CONFLICT}, HTTP 409),
 * rule 7 an invalid request ({@link GroupViolation.Kind#INVALID}, HTTP 400). What a single group
 * must satisfy on its own (its name, limits, policy, and no members listed in {@code default}) is
 * checked by {@link WorkloadResourceGroup}'s constructor. No I/O.
 */
public final class GroupRules {
    /** Longest member (VS UUID or name) a group may list; the store's schema holds it. */
    public static final int MAX_MEMBER_LENGTH = 512;
    private static final String IN_ONE_GROUP = "; a server is in at most one group: remove it there first";

    private GroupRules() {
    }

    /** A group's members after a change of its membership, and the violations of that change. */
    public record Membership(Set<String> members, List<GroupViolation> violations) {
        public Membership {
            members = Set.copyOf(members);
            violations = List.copyOf(violations);
        }
    }

    /** The key names are compared by: lower case, so that {@code Gold} and {@code GOLD} are one name. */
    public static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A new group: its name must be free and its members in no group (rules 1, 2, 7). */
    public static List<GroupViolation> create(GroupFacts facts, WorkloadResourceGroup group) {
        return create(facts, group, Map.of());
    }

    /**
     * A new group whose members have other keys too: {@code aliases} maps a member (a VS UUID) to
     * the other keys it may be listed under (its name), so that a server another group lists by its
     * name is found as well (rule 2 by key or alias), and is shown by that name.
     */
    public static List<GroupViolation> create(GroupFacts facts, WorkloadResourceGroup group,
                                              Map<String, Set<String>> aliases) {
        List<GroupViolation> out = new ArrayList<>(membersFit(group));
        nameFree(facts.names(), group.name(), null, out);
        membersFree(facts.members(), group, aliases, null, out);
        return List.copyOf(out);
    }

    /**
     * The stored group {@code id} (now {@code current}) replaced by {@code proposed}: the default
     * group keeps its name, a new name must be free, members must be in no other group (rules 1, 2, 3, 7).
     */
    public static List<GroupViolation> update(GroupFacts facts, String id, WorkloadResourceGroup current,
                                              WorkloadResourceGroup proposed) {
        List<GroupViolation> out = new ArrayList<>(membersFit(proposed));
        if (current.isDefault() && !proposed.isDefault()) {
            out.add(GroupViolation.conflict(field(current.name(), "name"), proposed.name(), "the default group cannot be "
                    + "renamed; it holds every server that is in no other group: keep the name "
                    + WorkloadResourceGroup.DEFAULT_NAME));
        } else {
            nameFree(facts.names(), proposed.name(), id, out);
        }
        membersFree(facts.members(), proposed, Map.of(), id, out);
        return List.copyOf(out);
    }

    /** Deleting a group: not the default one (rule 4). */
    public static List<GroupViolation> delete(WorkloadResourceGroup current) {
        if (current.isDefault()) {
            return List.of(GroupViolation.conflict("workload-resource-groups[" + current.name() + "]", current.name(),
                    "the default group cannot be deleted; it holds every server that is in no other group"));
        }
        return List.of();
    }

    /**
     * Adding {@code servers} to the stored group {@code id} (now {@code current}): not to the
     * default group, and no server held by another group under any of its keys (rules 2, 5, 7). A
     * server the group lists by an alias is listed by its key afterwards.
     */
    public static Membership add(GroupFacts facts, String id, WorkloadResourceGroup current, List<GroupMember> servers) {
        if (current.isDefault()) {
            return new Membership(current.members(), List.of(intoDefault(servers)));
        }
        Set<String> members = new LinkedHashSet<>(current.members());
        List<GroupViolation> out = new ArrayList<>();
        for (GroupMember m : servers) {
            members.removeAll(m.aliases());
            members.add(m.key());
            m.keys().stream().map(k -> facts.members().get(k)).filter(h -> h != null && other(h, id)).findFirst()
                    .ifPresent(h -> out.add(heldElsewhere("virtual-servers", m.shown(), h)));
        }
        out.addAll(membersFit(current.name(), members));
        return new Membership(members, out);
    }

    /**
     * Removing {@code servers} (each listed by its key or an alias) from {@code current}: not from
     * the default group, and only its members (rules 5, 6).
     */
    public static Membership remove(WorkloadResourceGroup current, List<GroupMember> servers) {
        if (current.isDefault()) {
            return new Membership(current.members(), List.of(intoDefault(servers)));
        }
        Set<String> members = new LinkedHashSet<>(current.members());
        List<String> absent = new ArrayList<>();
        for (GroupMember m : servers) {
            boolean removed = members.removeAll(m.aliases()) | members.remove(m.key());
            if (!removed) {
                absent.add(m.key());
            }
        }
        List<GroupViolation> out = absent.isEmpty() ? List.of() : List.of(GroupViolation.conflict("virtual-servers",
                absent, "not members of " + current.name() + "; list only servers that are in the group"));
        return new Membership(members, out);
    }

    /**
     * Groups held together in one definition (a policy document): names distinct without regard to
     * case, each member in one group only (rules 1, 2); a later group clashes with an earlier one.
     */
    public static List<GroupViolation> definition(List<WorkloadResourceGroup> groups) {
        Map<String, Holder> names = new HashMap<>();
        Map<String, Holder> members = new HashMap<>();
        List<GroupViolation> out = new ArrayList<>();
        for (WorkloadResourceGroup g : groups) {
            nameFree(names, g.name(), null, out);
            membersFree(members, g, Map.of(), null, out);
            Holder h = new Holder(null, g.name());
            names.putIfAbsent(nameKey(g.name()), h);
            g.members().forEach(m -> members.putIfAbsent(m, h));
        }
        return List.copyOf(out);
    }

    /** Members of {@code group} the schema cannot hold: blank or longer than {@link #MAX_MEMBER_LENGTH} (rule 7). */
    public static List<GroupViolation> membersFit(WorkloadResourceGroup group) {
        return membersFit(group.name(), group.members());
    }

    /**
     * Throws the violations, if any: an {@link InvalidDefinitionException} listing the invalid ones
     * if there are any, else a {@link DefinitionConflictException} listing the conflicts.
     */
    public static void requireNone(List<GroupViolation> violations) {
        List<Problem> invalid = GroupViolation.problems(violations, GroupViolation.Kind.INVALID);
        if (!invalid.isEmpty()) {
            throw new InvalidDefinitionException(invalid);
        }
        List<Problem> conflicts = GroupViolation.problems(violations, GroupViolation.Kind.CONFLICT);
        if (!conflicts.isEmpty()) {
            throw new DefinitionConflictException(conflicts);
        }
    }

    private static List<GroupViolation> membersFit(String group, Set<String> members) {
        List<GroupViolation> out = new ArrayList<>();
        for (String member : new TreeSet<>(members)) {
            if (member.isBlank() || member.length() > MAX_MEMBER_LENGTH) {
                out.add(GroupViolation.invalid(field(group, "members"),
                        member.length() > 40 ? member.substring(0, 40) + "…" : member,
                        "give a VS UUID or name of 1 to " + MAX_MEMBER_LENGTH + " characters"));
            }
        }
        return out;
    }

    /** Rule 1. */
    private static void nameFree(Map<String, Holder> names, String name, String ownId, List<GroupViolation> out) {
        Holder h = names.get(nameKey(name));
        if (h != null && other(h, ownId)) {
            List<String> notes = new ArrayList<>();
            if (!h.name().equals(name)) {
                notes.add("as " + h.name());
            }
            if (h.id() != null) {
                notes.add("id " + h.id());
            }
            out.add(GroupViolation.conflict(field(name, "name"), name, "a workload resource group named " + name
                    + " exists already" + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")")
                    + "; names are compared without regard to case: choose another name"));
        }
    }

    /** Rule 2 for the members a group lists, each also under its {@code aliases}. */
    private static void membersFree(Map<String, Holder> members, WorkloadResourceGroup group,
                                    Map<String, Set<String>> aliases, String ownId, List<GroupViolation> out) {
        for (String member : new TreeSet<>(group.members())) {
            GroupMember m = new GroupMember(member, aliases.getOrDefault(member, Set.of()));
            m.keys().stream().map(members::get).filter(h -> h != null && other(h, ownId)).findFirst()
                    .ifPresent(h -> out.add(heldElsewhere(field(group.name(), "members"), m.shown(), h)));
        }
    }

    private static GroupViolation heldElsewhere(String field, String server, Holder h) {
        return GroupViolation.conflict(field, server, "this virtual server is already in group " + h.name() + IN_ONE_GROUP);
    }

    /** Rule 5. */
    private static GroupViolation intoDefault(List<GroupMember> servers) {
        return GroupViolation.conflict("virtual-servers", servers.stream().map(GroupMember::shown).toList(),
                "servers join the default group by leaving their group; remove them from that group instead");
    }

    /** Whether {@code h} is a group other than {@code ownId} (every group is, for a group not stored yet). */
    private static boolean other(Holder h, String ownId) {
        return ownId == null || !ownId.equals(h.id());
    }

    private static String field(String group, String part) {
        return "workload-resource-groups[" + group + "]." + part;
    }
}
