package dev.familiar.server.directory.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.db.Database;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.admin.DirectoryAdministration.AddReport;
import dev.familiar.server.directory.admin.DirectoryAdministration.Caller;
import dev.familiar.server.directory.admin.DirectoryAdministration.Done;
import dev.familiar.server.directory.admin.DirectoryAdministration.Failed;
import dev.familiar.server.directory.admin.DirectoryAdministration.Outcome;
import dev.familiar.server.directory.admin.MemberEntries.Result;
import dev.familiar.server.directory.admin.MemberEntries.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The use cases over a directory in memory, audited into a real database. */
@Tag("storage")
class DirectoryAdministrationTest {
    static final Caller CALLER = new Caller("admin-subject", "req-1", "127.0.0.1");

    @TempDir
    Path tempDir;
    Database database;
    InMemoryDirectory directory;
    List<String> forgotten;
    DirectoryAdministration administration;
    String group;

    /** A clock one millisecond further at every reading, so audit entries sort in the order they were written. */
    static Clock ticking() {
        java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(1_900_000_000_000L);
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(millis.incrementAndGet());
            }
        };
    }

    @BeforeEach
    void setUp() throws Exception {
        database = Database.open(TestServers.config(tempDir));
        directory = new InMemoryDirectory();
        forgotten = new ArrayList<>();
        administration = new DirectoryAdministration(directory, forgotten::add,
                new AuditLog(database.dataSource(), ticking()));
        group = directory.create("Prompt Engineers", Optional.empty()).id();
        directory.calls.clear();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    static <T> T done(Outcome<T> outcome) {
        assertThat(outcome).isInstanceOf(Done.class);
        return ((Done<T>) outcome).value();
    }

    static Failed<?> failed(Outcome<?> outcome) {
        assertThat(outcome).isInstanceOf(Failed.class);
        return (Failed<?>) outcome;
    }

    @Test
    void addMembersAnswersOneResultPerEntryIdsFirstThenEmailsAndAddsInOneCall() throws Exception {
        directory.person("u-ann", "Ann", "ann@example.com");
        directory.person("u-bob", "Bob", "bob@example.com");
        directory.person("u-cy", "Cy", "cy@example.com");
        directory.addMembers(group, List.of("u-cy"));
        directory.calls.clear();

        AddReport report = done(administration.addMembers(CALLER, group,
                Arrays.asList("u-ann", "not an id!", "U-ANN", "u-ghost", "u-cy", null),
                Arrays.asList(" bob@example.com ", "nobody@example.com", "not-an-email", "BOB@example.com",
                        "ann@example.com", "")));

        assertThat(report.results()).extracting(Result::input).containsExactly("u-ann", "not an id!", "U-ANN",
                "u-ghost", "u-cy", null, " bob@example.com ", "nobody@example.com", "not-an-email", "BOB@example.com",
                "ann@example.com", "");
        assertThat(report.results()).extracting(Result::status).containsExactly(Status.ADDED, Status.INVALID,
                Status.INVALID, Status.NOT_FOUND, Status.ALREADY_MEMBER, Status.INVALID, Status.ADDED,
                Status.NOT_FOUND, Status.INVALID, Status.INVALID, Status.INVALID, Status.INVALID);
        assertThat(report.results()).extracting(Result::userId).containsExactly("u-ann", null, null, null, "u-cy",
                null, "u-bob", null, null, null, null, null);
        assertThat(report.results().get(2).message()).contains("Repeats the earlier entry \"u-ann\"");
        assertThat(report.results().get(9).message()).contains("Repeats the earlier entry \"bob@example.com\"");
        assertThat(report.results().get(10).message()).contains("The same person as the earlier entry \"u-ann\"");
        assertThat(report.results().get(7).message()).isEqualTo("No one in the directory has this e-mail address");
        assertThat(report.results().get(8).message()).startsWith("Not an e-mail address");
        assertThat(report.results()).allSatisfy(r -> assertThat(r.message()).isNotBlank());
        assertThat(new int[] {report.added(), report.alreadyMembers(), report.failed()}).containsExactly(2, 1, 9);
        assertThat(directory.calls.stream().filter(c -> c.startsWith("addMembers")))
                .containsExactly("addMembers [u-ann, u-ghost, u-cy, u-bob]");
        assertThat(directory.calls).doesNotContain("userByEmail not-an-email", "userByEmail BOB@example.com");
        assertThat(directory.membersOf(group)).containsExactlyInAnyOrder("u-ann", "u-bob", "u-cy");
    }

    @Test
    void addMembersToAGroupThatDoesNotExistIsNotFoundAndLooksNobodyUp() {
        directory.person("u-ann", "Ann", "ann@example.com");

        Failed<?> failed = failed(administration.addMembers(CALLER, "grp_nope", null, List.of("ann@example.com")));

        assertThat(failed.kind()).isEqualTo(DirectoryException.Kind.NOT_FOUND);
        assertThat(directory.calls).containsExactly("group");
    }

    @Test
    void aThrottledLookUpFailsTheWholeRequestBeforeAnythingIsAdded() throws Exception {
        directory.person("u-ann", "Ann", "ann@example.com");
        directory.person("u-bob", "Bob", "bob@example.com");
        directory.failNext("userByEmail", new DirectoryException(DirectoryException.Kind.THROTTLED,
                "Microsoft Graph is throttling us", Optional.of(Duration.ofSeconds(7)), null));

        Failed<?> failed = failed(administration.addMembers(CALLER, group, List.of("u-ann"), List.of("bob@example.com")));

        assertThat(failed.kind()).isEqualTo(DirectoryException.Kind.THROTTLED);
        assertThat(failed.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(directory.membersOf(group)).isEmpty();
        assertThat(audit()).containsExactly("directory.member.add " + group + " (2 entries) FAILURE");
    }

    @Test
    void aThrottledAnswerWithoutRetryAfterAsksForTheDefaultWait() {
        directory.failNext("groups", new DirectoryException(DirectoryException.Kind.THROTTLED, "Slow down"));

        Failed<?> failed = failed(administration.groups(Optional.empty(), Optional.empty(), 10));

        assertThat(failed.retryAfter()).contains(DirectoryAdministration.DEFAULT_RETRY_AFTER);
    }

    @Test
    void anInvalidCursorIsAProblemOfTheCursorField() {
        Failed<?> failed = failed(administration.groups(Optional.empty(), Optional.of("forged"), 10));

        assertThat(failed.kind()).isEqualTo(DirectoryException.Kind.INVALID);
        assertThat(failed.field()).contains("cursor");
    }

    @Test
    void deleteAnswersTheGroupAsItWasAndThenForgetsItsMappings() {
        Group deleted = done(administration.delete(CALLER, group));

        assertThat(deleted.displayName()).isEqualTo("Prompt Engineers");
        assertThat(forgotten).containsExactly(group);
        assertThat(failed(administration.delete(CALLER, group)).kind()).isEqualTo(DirectoryException.Kind.NOT_FOUND);
        assertThat(forgotten).containsExactly(group);
        assertThat(audit()).containsExactly("directory.group.delete " + group + " SUCCESS",
                "directory.group.delete " + group + " FAILURE");
    }

    @Test
    void aDeletionStandsWhenForgettingTheMappingsFails() {
        DirectoryAdministration failing = new DirectoryAdministration(directory, id -> {
            throw new IllegalStateException("mapping store down");
        }, new AuditLog(database.dataSource(), ticking()));

        assertThat(done(failing.delete(CALLER, group)).id()).isEqualTo(group);
        assertThat(directory.calls).contains("delete");
    }

    @Test
    void writesAreAuditedWithTheGroupAndTheCounts() throws Exception {
        directory.person("u-ann", "Ann", "ann@example.com");
        String created = done(administration.create(CALLER, "Billing Admins", Optional.of("Cancel plans"))).id();
        done(administration.update(CALLER, created, Optional.of("Billing"), Optional.empty()));
        done(administration.addMembers(CALLER, created, List.of("u-ann", "u-ghost"), List.of("ann@example.com")));
        done(administration.removeMember(CALLER, created, "u-ann"));
        failed(administration.removeMember(CALLER, created, "u-ann"));

        assertThat(audit()).containsExactly(
                "directory.group.create " + created + " SUCCESS",
                "directory.group.update " + created + " SUCCESS",
                "directory.member.add " + created + " (added 1, already 0, failed 2) SUCCESS",
                "directory.member.remove " + created + " (member u-ann) SUCCESS",
                "directory.member.remove " + created + " (member u-ann) FAILURE");
    }

    @Test
    void aUserSearchAnswersAtMostTheFirst25() {
        for (int i = 0; i < 30; i++) {
            directory.person("u-" + i, "Member " + (100 + i), null);
        }

        assertThat(done(administration.searchUsers("mem"))).hasSize(DirectoryAdministration.USER_SEARCH_LIMIT);
    }

    private List<String> audit() {
        List<String> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT action, target, outcome, actor, request_id FROM audit_log "
                     + "WHERE action LIKE 'directory.%' ORDER BY created_at, id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString("actor")).isEqualTo("admin-subject");
                    assertThat(rs.getString("request_id")).isEqualTo("req-1");
                    out.add(rs.getString("action") + " " + rs.getString("target") + " " + rs.getString("outcome"));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
