package dev.hpm.core.model;

import dev.hpm.core.model.GroupFacts.Holder;
import dev.hpm.core.model.GroupViolation.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test (or two) per rule of {@link GroupRules}, on facts as a store would read them. */
class GroupRulesTest {
    private static final WorkloadResourceGroup DEFAULT = WorkloadResourceGroup.defaultGroup(PerformancePolicy.DEFAULT);
    private static final WorkloadResourceGroup GOLD = group("Gold", "vm-1", "vm-2");
    private static final WorkloadResourceGroup SILVER = group("Silver", "vm-3");
    /** default (id d), Gold (id g: vm-1, vm-2) and Silver (id s: vm-3), as stored. */
    private static final GroupFacts STORED = GroupFacts.of(Map.of("d", DEFAULT, "g", GOLD, "s", SILVER));

    private static WorkloadResourceGroup group(String name, String... members) {
        return WorkloadResourceGroup.of(name, Importance.HIGH, PerformancePolicy.DEFAULT, Set.of(members));
    }

    @Test
    void create_nameTakenInAnotherCase_isAConflictNamingTheStoredGroup() {
        List<GroupViolation> v = GroupRules.create(STORED, group("GOLD"));

        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(x.problem().field()).isEqualTo("workload-resource-groups[GOLD].name");
            assertThat(x.message()).isEqualTo("workload-resource-groups[GOLD].name is \"GOLD\": a workload resource group "
                    + "named GOLD exists already (as Gold, id g); names are compared without regard to case: choose "
                    + "another name");
        });
        assertThat(GroupRules.create(STORED, group("Default"))).extracting(GroupViolation::kind).containsExactly(Kind.CONFLICT);
        assertThat(GroupRules.create(STORED, group("Bronze", "vm-9"))).isEmpty();
    }

    @Test
    void create_membersInAnotherGroup_isAConflictNamingEach() {
        List<GroupViolation> v = GroupRules.create(STORED, group("Bronze", "vm-2", "vm-3", "vm-9"));

        assertThat(v).extracting(GroupViolation::kind).containsOnly(Kind.CONFLICT);
        assertThat(v).extracting(GroupViolation::message).containsExactly(
                "workload-resource-groups[Bronze].members is \"vm-2\": this virtual server is already in group Gold; "
                        + "a server is in at most one group: remove it there first",
                "workload-resource-groups[Bronze].members is \"vm-3\": this virtual server is already in group Silver; "
                        + "a server is in at most one group: remove it there first");
    }

    @Test
    void create_memberAnotherGroupListsByItsName_isAConflictNamingIt() {
        List<GroupViolation> v = GroupRules.create(STORED, group("Bronze", "uuid-1"), Map.of("uuid-1", Set.of("vm-1")));

        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(x.problem().value()).isEqualTo("vm-1");
            assertThat(x.problem().fix()).startsWith("this virtual server is already in group Gold");
        });
        assertThat(GroupRules.create(STORED, group("Bronze", "uuid-1"))).as("without its name it is not found").isEmpty();
    }

    @Test
    void update_ownNameAndOwnMembers_areNoConflict() {
        WorkloadResourceGroup renamed = group("GOLD", "vm-1", "vm-2", "vm-9");

        assertThat(GroupRules.update(STORED, "g", GOLD, renamed)).isEmpty();
        assertThat(GroupRules.update(STORED, "g", GOLD, group("silver", "vm-3")))
                .extracting(x -> x.problem().field()).containsExactly("workload-resource-groups[silver].name",
                        "workload-resource-groups[silver].members");
    }

    @Test
    void update_defaultRenamed_isAConflict() {
        List<GroupViolation> v = GroupRules.update(STORED, "d", DEFAULT, group("Other"));

        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(x.problem().value()).isEqualTo("Other");
            assertThat(x.message()).contains("the default group cannot be renamed", "keep the name default");
        });
        assertThat(GroupRules.update(STORED, "d", DEFAULT, WorkloadResourceGroup.defaultGroup(PerformancePolicy.DEFAULT)))
                .isEmpty();
    }

    @Test
    void delete_default_isAConflictAndAnyOtherGroupMayGo() {
        assertThat(GroupRules.delete(DEFAULT)).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(x.message()).contains("the default group cannot be deleted");
        });
        assertThat(GroupRules.delete(GOLD)).isEmpty();
    }

    @Test
    void add_serverHeldElsewhereByAlias_isAConflictNamingItAsTheCallerKnowsIt() {
        GroupRules.Membership m = GroupRules.add(STORED, "s", SILVER, List.of(new GroupMember("uuid-1", Set.of("vm-1"))));

        assertThat(m.violations()).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(x.message()).isEqualTo("virtual-servers is \"vm-1\": this virtual server is already in group Gold; "
                    + "a server is in at most one group: remove it there first");
        });
    }

    @Test
    void add_serverTheGroupListsByAlias_isListedByItsKeyAfterwards() {
        GroupRules.Membership m = GroupRules.add(STORED, "g", GOLD, List.of(new GroupMember("uuid-1", Set.of("vm-1")),
                new GroupMember("uuid-7", Set.of("vm-7"))));

        assertThat(m.violations()).isEmpty();
        assertThat(m.members()).containsExactlyInAnyOrder("uuid-1", "vm-2", "uuid-7");
    }

    @Test
    void add_toDefault_isAConflict() {
        GroupRules.Membership m = GroupRules.add(STORED, "d", DEFAULT, List.of(new GroupMember("uuid-9", Set.of("vm-9"))));

        assertThat(m.violations()).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(x.message()).contains("servers join the default group by leaving their group");
        });
        assertThat(m.members()).isEmpty();
    }

    @Test
    void remove_fromDefault_isAConflict() {
        assertThat(GroupRules.remove(DEFAULT, List.of(new GroupMember("uuid-9", Set.of()))).violations())
                .extracting(GroupViolation::kind).containsExactly(Kind.CONFLICT);
    }

    @Test
    void remove_notAMember_isAConflictListingEveryOne() {
        GroupRules.Membership m = GroupRules.remove(GOLD, List.of(new GroupMember("uuid-1", Set.of("vm-1")),
                new GroupMember("vm-3", Set.of()), new GroupMember("uuid-8", Set.of())));

        assertThat(m.violations()).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(x.message()).isEqualTo("virtual-servers is [vm-3, uuid-8]: not members of Gold; list only servers "
                    + "that are in the group");
        });
    }

    @Test
    void remove_byKeyOrAlias_removesTheMember() {
        GroupRules.Membership m = GroupRules.remove(GOLD, List.of(new GroupMember("uuid-1", Set.of("vm-1"))));

        assertThat(m.violations()).isEmpty();
        assertThat(m.members()).containsExactly("vm-2");
    }

    @Test
    void membersFit_blankOrTooLong_isInvalidAndComesBeforeConflicts() {
        WorkloadResourceGroup wrong = group("Bronze", " ", "x".repeat(GroupRules.MAX_MEMBER_LENGTH + 1), "vm-1");

        List<GroupViolation> v = GroupRules.create(STORED, wrong);

        assertThat(v).extracting(GroupViolation::kind).containsExactly(Kind.INVALID, Kind.INVALID, Kind.CONFLICT);
        assertThat(v.getFirst().problem().fix()).isEqualTo("give a VS UUID or name of 1 to 512 characters");
        assertThat(GroupRules.membersFit(group("Bronze", "x".repeat(GroupRules.MAX_MEMBER_LENGTH)))).isEmpty();
        assertThatThrownBy(() -> GroupRules.requireNone(v)).isExactlyInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("2 problems:");
    }

    @Test
    void definition_laterGroupWithATakenNameOrMember_isAConflict() {
        List<GroupViolation> v = GroupRules.definition(List.of(GOLD, group("gold"), group("Bronze", "vm-2")));

        assertThat(v).extracting(GroupViolation::message).containsExactly(
                "workload-resource-groups[gold].name is \"gold\": a workload resource group named gold exists already "
                        + "(as Gold); names are compared without regard to case: choose another name",
                "workload-resource-groups[Bronze].members is \"vm-2\": this virtual server is already in group Gold; "
                        + "a server is in at most one group: remove it there first");
        assertThatThrownBy(() -> GroupRules.requireNone(v)).isInstanceOf(DefinitionConflictException.class);
    }

    @Test
    void facts_lookUpNamesWithoutRegardToCase() {
        GroupFacts facts = new GroupFacts(Map.of(GroupRules.nameKey("Gold"), new Holder("g", "Gold")), Map.of());

        assertThat(facts.nameHolder("gOLD")).contains(new Holder("g", "Gold"));
        assertThat(facts.memberHolder("vm-1")).isEmpty();
        assertThat(GroupRules.create(GroupFacts.none(), group("Gold", "vm-1"))).isEmpty();
    }
}
