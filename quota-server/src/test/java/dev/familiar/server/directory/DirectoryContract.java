package dev.familiar.server.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.server.directory.DirectoryException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Directory} adapter does, whatever it stores groups in: the local directory runs it on H2 and
 * PostgreSQL ({@code local.LocalDirectoryTest}), the Graph adapter can run it against a fake Graph server. A subclass
 * answers a fresh directory with no groups for each test, and makes people in it.
 */
public abstract class DirectoryContract {
    /** The directory under test: the same instance for the whole test, with no groups at its start. */
    protected abstract Directory directory();

    /**
     * A new person of the directory named {@code name} (lower-case letters, unique in the test), with an e-mail
     * address; answers the person as the directory reports it.
     */
    protected abstract Person createUser(String name) throws Exception;

    /** An id that no person of the directory has, in the shape the directory's user ids have. */
    protected abstract String unknownUserId();

    /** An id that no group of the directory has, in the shape the directory's group ids have. */
    protected abstract String unknownGroupId();

    @Test
    void aCreatedGroupReadsBackWithNoMembers() throws Exception {
        Group created = directory().create("Prompt Engineers", Optional.of("They run the lab"));

        Group read = directory().group(created.id());

        assertThat(read.displayName()).isEqualTo("Prompt Engineers");
        assertThat(read.description()).contains("They run the lab");
        assertThat(read.memberCount()).contains(0);
        assertThat(read).isEqualTo(created);
    }

    @Test
    void groupsArePagedByDisplayNameWithoutGapOrDuplicate() throws Exception {
        List<String> names = List.of("golf", "alpha", "echo", "charlie", "bravo", "foxtrot", "delta");
        for (String name : names) {
            directory().create(name, Optional.empty());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Group> page = directory().groups(null, cursor, 3);
            page.items().forEach(g -> seen.add(g.displayName()));
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactly("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void aFullLastPageHasNoNextCursor() throws Exception {
        directory().create("one", Optional.empty());
        directory().create("two", Optional.empty());

        Page<Group> page = directory().groups(null, null, 2);

        assertThat(page.items()).hasSize(2);
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void groupsWithTheSameDisplayNameAreAllListedAcrossPages() throws Exception {
        for (int i = 0; i < 5; i++) {
            directory().create("Twins", Optional.empty());
        }

        List<String> ids = new ArrayList<>();
        Page<Group> page = directory().groups(null, null, 2);
        ids.addAll(page.items().stream().map(Group::id).toList());
        while (page.nextCursor().isPresent()) {
            page = directory().groups(null, page.nextCursor().get(), 2);
            ids.addAll(page.items().stream().map(Group::id).toList());
        }

        assertThat(ids).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void searchMatchesTheStartOfAnyWordIgnoringCase() throws Exception {
        directory().create("Prompt Engineers", Optional.empty());
        directory().create("Billing Admins", Optional.empty());
        directory().create("Engineering Leads", Optional.empty());
        directory().create("Reprompters", Optional.empty());

        assertThat(names(directory().groups("eng", null, 10))).containsExactly("Engineering Leads", "Prompt Engineers");
        assertThat(names(directory().groups("PROMPT", null, 10))).containsExactly("Prompt Engineers");
        assertThat(names(directory().groups("admins", null, 10))).containsExactly("Billing Admins");
        assertThat(names(directory().groups("ngineer", null, 10))).isEmpty();
        assertThat(names(directory().groups("  ", null, 10))).hasSize(4);
    }

    @Test
    void aSearchPagesLikeTheFullList() throws Exception {
        for (String name : List.of("Team A", "Team B", "Team C", "Other")) {
            directory().create(name, Optional.empty());
        }

        Page<Group> first = directory().groups("team", null, 2);
        Page<Group> second = directory().groups("team", first.nextCursor().orElseThrow(), 2);

        assertThat(names(first)).containsExactly("Team A", "Team B");
        assertThat(names(second)).containsExactly("Team C");
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void aMalformedCursorIsInvalid() throws Exception {
        Group group = directory().create("Cursors", Optional.empty());

        assertKind(() -> directory().groups(null, "not a cursor", 10), Kind.INVALID);
        assertKind(() -> directory().groups(null, "bm90LWEtY3Vyc29y", 10), Kind.INVALID);
        assertKind(() -> directory().members(group.id(), "%%%", 10), Kind.INVALID);
    }

    @Test
    void aLimitOutsideOneToMaxPageIsInvalid() {
        assertKind(() -> directory().groups(null, null, 0), Kind.INVALID);
        assertKind(() -> directory().groups(null, null, Directory.MAX_PAGE + 1), Kind.INVALID);
        assertKind(() -> directory().searchUsers("a", 0), Kind.INVALID);
    }

    @Test
    void anUnknownGroupIsNotFoundEverywhere() throws Exception {
        String missing = unknownGroupId();
        Person person = createUser("nobodyhome");

        assertKind(() -> directory().group(missing), Kind.NOT_FOUND);
        assertKind(() -> directory().update(missing, Optional.of("x"), Optional.empty()), Kind.NOT_FOUND);
        assertKind(() -> directory().delete(missing), Kind.NOT_FOUND);
        assertKind(() -> directory().members(missing, null, 10), Kind.NOT_FOUND);
        assertKind(() -> directory().addMembers(missing, List.of(person.id())), Kind.NOT_FOUND);
        assertKind(() -> directory().removeMember(missing, person.id()), Kind.NOT_FOUND);
    }

    @Test
    void aGroupWithoutADisplayNameIsInvalid() {
        assertKind(() -> directory().create("   ", Optional.empty()), Kind.INVALID);
        assertKind(() -> directory().create("x".repeat(257), Optional.empty()), Kind.INVALID);
    }

    @Test
    void updateRenamesAndDescribesAndAnEmptyDescriptionClearsIt() throws Exception {
        Group group = directory().create("Old Name", Optional.of("old words"));

        Group renamed = directory().update(group.id(), Optional.of("New Name"), Optional.empty());
        assertThat(renamed.displayName()).isEqualTo("New Name");
        assertThat(renamed.description()).contains("old words");

        Group described = directory().update(group.id(), Optional.empty(), Optional.of("new words"));
        assertThat(described.displayName()).isEqualTo("New Name");
        assertThat(described.description()).contains("new words");

        Group cleared = directory().update(group.id(), Optional.empty(), Optional.of(""));
        assertThat(cleared.description()).isEmpty();
        assertThat(names(directory().groups("new", null, 10))).containsExactly("New Name");
        assertThat(names(directory().groups("old", null, 10))).isEmpty();
    }

    @Test
    void aDeletedGroupIsGoneWithItsMemberships() throws Exception {
        Group group = directory().create("Doomed", Optional.empty());
        Person person = createUser("survivor");
        directory().addMembers(group.id(), List.of(person.id()));

        directory().delete(group.id());

        assertKind(() -> directory().group(group.id()), Kind.NOT_FOUND);
        assertThat(directory().groups(null, null, 10).items()).isEmpty();
        assertThat(directory().groupIdsOf(person.id())).isEmpty();
    }

    @Test
    void addMembersAnswersOneOutcomePerIdInOrder() throws Exception {
        Group group = directory().create("Adders", Optional.empty());
        Person ann = createUser("ann");
        Person bob = createUser("bob");
        directory().addMembers(group.id(), List.of(ann.id()));
        String nobody = unknownUserId();

        List<AddOutcome> outcomes = directory().addMembers(group.id(), List.of(bob.id(), ann.id(), nobody));

        assertThat(outcomes).extracting(AddOutcome::userId).containsExactly(bob.id(), ann.id(), nobody);
        assertThat(outcomes).extracting(AddOutcome::kind).containsExactly(AddOutcome.Kind.ADDED,
                AddOutcome.Kind.ALREADY_MEMBER, AddOutcome.Kind.NOT_FOUND);
        assertThat(directory().group(group.id()).memberCount()).contains(2);
    }

    @Test
    void membersArePagedByDisplayName() throws Exception {
        Group group = directory().create("Crowd", Optional.empty());
        List<Person> people = new ArrayList<>();
        for (String name : List.of("mike", "kilo", "lima", "juliet", "india")) {
            people.add(createUser(name));
        }
        directory().addMembers(group.id(), people.stream().map(Person::id).toList());

        List<Person> seen = new ArrayList<>();
        Page<Person> page = directory().members(group.id(), null, 2);
        seen.addAll(page.items());
        while (page.nextCursor().isPresent()) {
            page = directory().members(group.id(), page.nextCursor().get(), 2);
            seen.addAll(page.items());
        }

        assertThat(seen).extracting(Person::displayName).containsExactly("india", "juliet", "kilo", "lima", "mike");
        assertThat(seen).containsExactlyInAnyOrderElementsOf(people);
        assertThat(directory().group(group.id()).memberCount()).contains(5);
    }

    @Test
    void aMemberIsRemovedAndRemovingANonMemberIsNotFound() throws Exception {
        Group group = directory().create("Leavers", Optional.empty());
        Person stays = createUser("stays");
        Person leaves = createUser("leaves");
        directory().addMembers(group.id(), List.of(stays.id(), leaves.id()));

        directory().removeMember(group.id(), leaves.id());

        assertThat(directory().members(group.id(), null, 10).items()).containsExactly(stays);
        assertKind(() -> directory().removeMember(group.id(), leaves.id()), Kind.NOT_FOUND);
        assertKind(() -> directory().removeMember(group.id(), unknownUserId()), Kind.NOT_FOUND);
    }

    @Test
    void groupIdsOfNamesEveryGroupOfAPerson() throws Exception {
        Group a = directory().create("A", Optional.empty());
        Group b = directory().create("B", Optional.empty());
        directory().create("C", Optional.empty());
        Person person = createUser("joiner");
        directory().addMembers(a.id(), List.of(person.id()));
        directory().addMembers(b.id(), List.of(person.id()));

        assertThat(directory().groupIdsOf(person.id())).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(directory().groupIdsOf(unknownUserId())).isEmpty();
    }

    @Test
    void searchUsersMatchesTheStartOfTheNameOrTheEmail() throws Exception {
        Person zed = createUser("zedkowski");
        Person zara = createUser("zarathustra");
        createUser("yolanda");

        assertThat(directory().searchUsers("ZED", 10)).containsExactly(zed);
        assertThat(directory().searchUsers("z", 10)).containsExactlyInAnyOrder(zed, zara);
        assertThat(directory().searchUsers(zara.email().orElseThrow(), 10)).containsExactly(zara);
        assertThat(directory().searchUsers("edkowski", 10)).isEmpty();
        assertThat(directory().searchUsers("z", 1)).hasSize(1);
        assertKind(() -> directory().searchUsers(" ", 10), Kind.INVALID);
    }

    @Test
    void aUserIsFoundByEmailIgnoringCaseAndById() throws Exception {
        Person person = createUser("findme");

        assertThat(directory().userByEmail(person.email().orElseThrow().toUpperCase())).contains(person);
        assertThat(directory().userById(person.id())).contains(person);
        assertThat(directory().userById(unknownUserId())).isEmpty();
        assertThat(directory().userByEmail("nobody-at-all@example.org")).isEmpty();
    }

    @Test
    void theProbeSaysReachable() {
        assertThat(directory().probe().reachable()).isTrue();
    }

    protected static List<String> names(Page<Group> page) {
        return page.items().stream().map(Group::displayName).toList();
    }

    protected static void assertKind(ThrowingCallable call, Kind kind) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DirectoryException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
