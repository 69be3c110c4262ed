package dev.familiar.server.directory.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.db.Database;
import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryContract;
import dev.familiar.server.directory.DirectoryException.Kind;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Person;
import dev.familiar.server.testing.MutableClock;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory contract on the local directory, over real storage: H2 here, PostgreSQL in the storage run. Then
 * what only the local directory does: who of our accounts is a person, and concurrent adds decided by the key.
 */
@Tag("storage")
class LocalDirectoryTest extends DirectoryContract {
    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    @TempDir
    Path tempDir;
    Database database;
    LocalDirectory directory;
    UserStore users;

    @BeforeEach
    void open() {
        database = Database.open(TestServers.config(tempDir));
        directory = new LocalDirectory(database.dataSource(), new MutableClock(NOW));
        users = new UserStore(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected Directory directory() {
        return directory;
    }

    @Override
    protected Person createUser(String name) throws Exception {
        User user = account(name, "$pbkdf2$test");
        return new Person(user.id(), name, Optional.of(name + "@example.com"));
    }

    @Override
    protected String unknownUserId() {
        return UUID.randomUUID().toString();
    }

    @Override
    protected String unknownGroupId() {
        return "grp_" + "0".repeat(32);
    }

    @Test
    void itIsTheLocalMode() {
        assertThat(directory.mode()).isEqualTo(DirectoryMode.LOCAL);
    }

    @Test
    void groupIdsAreGrpAndRandomHex() throws Exception {
        Group a = directory.create("Ids", Optional.empty());
        Group b = directory.create("Ids", Optional.empty());

        assertThat(LocalDirectory.isGroupId(a.id())).as(a.id()).isTrue();
        assertThat(a.id()).isNotEqualTo(b.id());
    }

    @Test
    void wordsAreSeparatedByAnythingButLettersAndDigits() throws Exception {
        directory.create("R&D-Team (EU)", Optional.empty());
        directory.create("Ops_Night.Shift", Optional.empty());

        assertThat(names(directory.groups("team", null, 10))).containsExactly("R&D-Team (EU)");
        assertThat(names(directory.groups("eu", null, 10))).containsExactly("R&D-Team (EU)");
        assertThat(names(directory.groups("shift", null, 10))).containsExactly("Ops_Night.Shift");
        assertThat(names(directory.groups("night sh", null, 10))).containsExactly("Ops_Night.Shift");
        assertThat(names(directory.groups("%", null, 10))).as("no letter or digit matches nothing").isEmpty();
        assertThat(names(directory.groups("_", null, 10))).isEmpty();
    }

    @Test
    void aMembersCursorOfAnotherGroupOrAGroupsCursorIsRefused() throws Exception {
        Group one = directory.create("One", Optional.empty());
        Group two = directory.create("Two", Optional.empty());
        directory.create("Three", Optional.empty());
        List<String> ids = new ArrayList<>();
        for (String name : List.of("p1", "p2", "p3")) {
            ids.add(createUser(name).id());
        }
        directory.addMembers(one.id(), ids);
        directory.addMembers(two.id(), ids);
        String membersCursor = directory.members(one.id(), null, 1).nextCursor().orElseThrow();
        String groupsCursor = directory.groups(null, null, 1).nextCursor().orElseThrow();

        assertKind(() -> directory.members(two.id(), membersCursor, 1), Kind.INVALID);
        assertKind(() -> directory.members(one.id(), groupsCursor, 1), Kind.INVALID);
        assertKind(() -> directory.groups(null, membersCursor, 1), Kind.INVALID);
    }

    @Test
    void externalUsersAndDeletedAccountsAreNotPeople() throws Exception {
        Group group = directory.create("Real People", Optional.empty());
        User external = account("external:" + UUID.randomUUID(), User.NO_PASSWORD);
        User deleted = account("gone", "$pbkdf2$test");
        markDeleted(deleted.id());

        List<AddOutcome> outcomes = directory.addMembers(group.id(), List.of(external.id(), deleted.id()));

        assertThat(outcomes).extracting(AddOutcome::kind).containsOnly(AddOutcome.Kind.NOT_FOUND);
        assertThat(directory.searchUsers("external", 10)).isEmpty();
        assertThat(directory.searchUsers("gone", 10)).isEmpty();
        assertThat(directory.userById(deleted.id())).isEmpty();
        assertThat(directory.userByEmail("gone@example.com")).isEmpty();
    }

    @Test
    void anAccountDeletedAfterJoiningLeavesTheListingAndTheCount() throws Exception {
        Group group = directory.create("Shrinking", Optional.empty());
        Person stays = createUser("staying");
        Person goes = createUser("going");
        directory.addMembers(group.id(), List.of(stays.id(), goes.id()));

        markDeleted(goes.id());

        assertThat(directory.members(group.id(), null, 10).items()).containsExactly(stays);
        assertThat(directory.group(group.id()).memberCount()).contains(1);
        assertThat(directory.groupIdsOf(goes.id())).isEmpty();
    }

    @Test
    void invitedAndLockedAccountsArePeople() throws Exception {
        User invited = account("invitee", User.INVITED);
        User locked = account("lockedout", "$pbkdf2$test");
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE app_user SET locked_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(NOW));
            ps.setString(2, locked.id());
            ps.executeUpdate();
        }

        assertThat(directory.userById(invited.id())).isPresent();
        assertThat(directory.userById(locked.id())).isPresent();
    }

    @Test
    void searchTermsAreNotPatterns() throws Exception {
        createUser("under_score");
        createUser("underwood");

        assertThat(directory.searchUsers("under_", 10)).extracting(Person::displayName).containsExactly("under_score");
        assertThat(directory.searchUsers("%", 10)).isEmpty();
    }

    @Test
    void twoConcurrentAddsOfTheSamePeopleMakeEachAMemberOnce() throws Exception {
        Group group = directory.create("Raced", Optional.empty());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(createUser("racer" + i).id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<List<AddOutcome>> first = pool.submit(() -> {
                start.await();
                return directory.addMembers(group.id(), ids);
            });
            // the same order: both threads reach each person at about the same moment, so the key decides most of them
            Future<List<AddOutcome>> second = pool.submit(() -> {
                start.await();
                return directory.addMembers(group.id(), ids);
            });
            start.countDown();
            List<AddOutcome> all = new ArrayList<>(first.get(60, TimeUnit.SECONDS));
            all.addAll(second.get(60, TimeUnit.SECONDS));

            assertThat(all).extracting(AddOutcome::kind)
                    .containsOnly(AddOutcome.Kind.ADDED, AddOutcome.Kind.ALREADY_MEMBER);
            Map<String, Long> addedPerPerson = all.stream().filter(o -> o.kind() == AddOutcome.Kind.ADDED)
                    .collect(Collectors.groupingBy(AddOutcome::userId, Collectors.counting()));
            assertThat(addedPerPerson).hasSize(ids.size()).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
            List<Person> members = directory.members(group.id(), null, Directory.MAX_PAGE).items();
            assertThat(members).extracting(Person::id).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(directory.group(group.id()).memberCount()).contains(ids.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theProbeSaysUnreachableWhenTheDatabaseIsGone() {
        database.close();

        assertThat(directory.probe().reachable()).isFalse();
        assertThat(directory.probe().detail()).isEqualTo("the database did not answer");
        database = Database.open(TestServers.config(tempDir)); // for close()
    }

    @Test
    void aDatabaseFailureIsUnavailable() {
        database.close();

        assertKind(() -> directory.groups(null, null, 10), Kind.UNAVAILABLE);
        database = Database.open(TestServers.config(tempDir));
    }

    private User account(String username, String passwordHash) throws Exception {
        String tenant = UUID.randomUUID().toString();
        User user = new User(UUID.randomUUID().toString(), tenant, username,
                username.startsWith("external:") ? Optional.empty() : Optional.of(username + "@example.com"),
                passwordHash, EnumSet.of(Role.USER), false, NOW);
        users.createWithTenant("tenant of " + username, user);
        return user;
    }

    private void markDeleted(String userId) throws Exception {
        // as user administration deletes: anonymised, no e-mail, deleted_at set
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE app_user SET username = ?, email = NULL, deleted_at = ? WHERE id = ?")) {
            ps.setString(1, "deleted:" + userId);
            ps.setTimestamp(2, java.sql.Timestamp.from(NOW));
            ps.setString(3, userId);
            ps.executeUpdate();
        }
    }
}
