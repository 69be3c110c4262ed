package dev.familiar.server.directory.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.DirectoryClient;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.directory.AddMembersResult;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryGroupList;
import dev.familiar.model.directory.DirectoryUser;
import dev.familiar.model.directory.DirectoryUserList;
import dev.familiar.model.directory.GroupUpdateRequest;
import dev.familiar.model.directory.MemberAddResult;
import dev.familiar.model.directory.MemberAddStatus;
import dev.familiar.model.directory.MemberRemoved;
import dev.familiar.model.directory.RoleMapping;
import dev.familiar.model.directory.RoleMappings;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory's admin API on the real server with the local directory (no Entra settings), through the console's
 * typed client ({@code client.directory()}): groups created, searched, paged, renamed, described and deleted;
 * members added by id and e-mail with a result per entry, paged and removed; the directory's users searched;
 * unknown groups and members 404; writes audited.
 */
@Tag("storage")
class DirectoryAdminRoutesTest {
    static final String PLATFORM_TENANT = "00000000-0000-0000-0000-000000000001";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static Account admin;
    static FamiliarClient client;
    static DirectoryClient directory;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
        admin = identity.admin();
        client = FamiliarClient.connect(server.baseUrl()).withBearer(admin.token());
        directory = client.directory();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop();
    }

    /** An account of the platform tenant, made in the database: the local directory's people are our accounts. */
    static String person(String username) throws Exception {
        String id = UUID.randomUUID().toString();
        new UserStore(identity.dataSource()).create(new User(id, PLATFORM_TENANT, username,
                Optional.of(username + "@example.com"), new PasswordHasher(1_000).hash("x".repeat(20).toCharArray()),
                EnumSet.of(Role.USER), false, Instant.now()));
        return id;
    }

    static Answer call(String method, String path, String body) {
        okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(server.baseUrl() + path);
        admin.bearer().forEach(b::header);
        b.method(method, body == null ? null : okhttp3.RequestBody.create(body, HttpCalls.JSON));
        return HttpCalls.call(b.build());
    }

    static ErrorCode failure(Runnable call, int status) {
        try {
            call.run();
        } catch (ApiError e) {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            return e.code();
        }
        throw new AssertionError("expected HTTP " + status);
    }

    @Test
    void aGroupIsCreatedWith201RenamedDescribedAndDeleted() {
        Answer created = call("POST", "/api/admin/directory/groups",
                "{\"displayName\":\"  Lifecycle Crew  \",\"description\":\"Runs cancellations\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().at("/data/id").asText();
        assertThat(created.json().at("/data/displayName").asText()).isEqualTo("Lifecycle Crew");
        assertThat(created.json().at("/data/memberCount").asInt()).isZero();

        DirectoryGroup renamed = directory.update(id, new GroupUpdateRequest("Lifecycle Admins", null));
        assertThat(renamed).isEqualTo(new DirectoryGroup(id, "Lifecycle Admins", "Runs cancellations", 0));
        DirectoryGroup cleared = directory.update(id, new GroupUpdateRequest(null, ""));
        assertThat(cleared.description()).isNull();
        assertThat(cleared.displayName()).isEqualTo("Lifecycle Admins");

        DirectoryGroup deleted = directory.delete(id);
        assertThat(deleted).isEqualTo(cleared);
        assertThat(failure(() -> directory.delete(id), 404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(() -> directory.update(id, new GroupUpdateRequest("Again", null)), 404))
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(directory.groups("Lifecycle", null, null).items()).isEmpty();
    }

    @Test
    void deletingAGroupTakesItsRoleMappingsWithIt() {
        DirectoryGroup kept = directory.create("Mapped Kept", null);
        DirectoryGroup doomed = directory.create("Mapped Doomed", null);
        directory.replaceRoleMappings(new RoleMappings(List.of(new RoleMapping(kept.id(), null, "PROMPT_ENGINEER"),
                new RoleMapping(doomed.id(), null, "BILLING_ADMIN"), new RoleMapping(doomed.id(), null, "ADMIN"))));

        directory.delete(doomed.id());

        assertThat(directory.roleMappings().items()).extracting(RoleMapping::groupId, RoleMapping::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(kept.id(), "PROMPT_ENGINEER"));
    }

    @Test
    void groupsAreSearchedByWordAndPagedInNameOrderWithoutGapOrDuplicate() {
        List<String> names = List.of("Paging Echo", "Paging Alpha", "Paging Delta", "Paging Charlie", "Paging Bravo");
        for (String name : names) {
            directory.create(name, null);
        }
        directory.create("Unrelated Team", "not paged");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            DirectoryGroupList page = directory.groups("paging", cursor, 2);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(g -> seen.add(g.displayName()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactly("Paging Alpha", "Paging Bravo", "Paging Charlie", "Paging Delta",
                "Paging Echo");
        assertThat(pages).isEqualTo(3);
        assertThat(directory.groups("bravo", null, null).items()).extracting(DirectoryGroup::displayName)
                .containsExactly("Paging Bravo");
    }

    @Test
    void membersAreAddedByIdAndEmailWithAResultPerEntryThenPagedAndRemoved() throws Exception {
        String ann = person("ann-member");
        String bob = person("bob-member");
        String cy = person("cy-member");
        DirectoryGroup group = directory.create("Prompt Engineers", "Run the lab");
        directory.addMembers(group.id(), List.of(cy), null);

        AddMembersResult result = directory.addMembers(group.id(),
                Arrays.asList(ann, "not an id!", ann.toUpperCase(), UUID.randomUUID().toString(), cy),
                Arrays.asList("BOB-member@example.com", "nobody@example.com", "not-an-email", "ann-member@example.com"));

        assertThat(result.results()).extracting(MemberAddResult::status).containsExactly(MemberAddStatus.ADDED,
                MemberAddStatus.INVALID, MemberAddStatus.INVALID, MemberAddStatus.NOT_FOUND,
                MemberAddStatus.ALREADY_MEMBER, MemberAddStatus.ADDED, MemberAddStatus.NOT_FOUND,
                MemberAddStatus.INVALID, MemberAddStatus.INVALID);
        assertThat(result.results().get(5)).isEqualTo(new MemberAddResult("BOB-member@example.com", bob,
                MemberAddStatus.ADDED, "Added to the group"));
        assertThat(result.results().get(8).message()).isEqualTo("The same person as the earlier entry \"" + ann
                + "\"; each person is added once");
        assertThat(result.results()).allSatisfy(r -> assertThat(r.message()).isNotBlank());
        assertThat(List.of(result.added(), result.alreadyMembers(), result.failed())).containsExactly(2, 1, 6);

        List<String> members = new ArrayList<>();
        String cursor = null;
        do {
            DirectoryUserList page = directory.members(group.id(), cursor, 2);
            page.items().forEach(u -> members.add(u.displayName() + " " + u.email()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(members).containsExactly("ann-member ann-member@example.com", "bob-member bob-member@example.com",
                "cy-member cy-member@example.com");
        assertThat(directory.groups("prompt", null, null).items().get(0).memberCount()).isEqualTo(3);

        MemberRemoved removed = directory.removeMember(group.id(), bob);
        assertThat(removed).isEqualTo(new MemberRemoved(group.id(), bob));
        assertThat(failure(() -> directory.removeMember(group.id(), bob), 404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(directory.members(group.id(), null, null).items()).extracting(DirectoryUser::id)
                .containsExactlyInAnyOrder(ann, cy);
    }

    @Test
    void anUnknownGroupIs404OnEveryGroupRoute() {
        String nobody = "grp_00000000000000000000000000000000";

        assertThat(failure(() -> directory.members(nobody, null, null), 404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(() -> directory.addMembers(nobody, List.of(admin.userId()), null), 404))
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(() -> directory.removeMember(nobody, admin.userId()), 404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(() -> directory.update(nobody, new GroupUpdateRequest("X", null)), 404))
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failure(() -> directory.delete(nobody), 404)).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void theDirectorysUsersAreSearchedByNameOrEmailFirst25() throws Exception {
        for (int i = 0; i < 27; i++) {
            person("searchable-" + (10 + i));
        }
        String dana = person("dana-search");

        DirectoryUserList many = directory.users("searchable-");
        assertThat(many.items()).hasSize(25);
        assertThat(many.nextCursor()).isNull();
        assertThat(directory.users("DANA-search@").items()).containsExactly(
                new DirectoryUser(dana, "dana-search", "dana-search@example.com"));
        assertThat(directory.users("zz-nobody").items()).isEmpty();
    }

    @Test
    void everyWriteIsAuditedWithTheGroupAndTheCounts() throws Exception {
        String eve = person("eve-audited");
        DirectoryGroup group = directory.create("Audited Group", null);
        directory.update(group.id(), new GroupUpdateRequest(null, "described"));
        directory.addMembers(group.id(), List.of(eve), List.of("nobody-audited@example.com"));
        directory.removeMember(group.id(), eve);
        directory.delete(group.id());

        List<String> rows = new ArrayList<>();
        try (Connection c = identity.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT action, target, outcome, actor FROM audit_log WHERE target LIKE ? ORDER BY created_at")) {
            ps.setString(1, group.id() + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString("actor")).isEqualTo(admin.userId());
                    rows.add(rs.getString("action") + " " + rs.getString("target").substring(group.id().length())
                            + " " + rs.getString("outcome"));
                }
            }
        }
        assertThat(rows).containsExactlyInAnyOrder("directory.group.create  SUCCESS",
                "directory.group.update  SUCCESS",
                "directory.member.add  (added 1, already 0, failed 1) SUCCESS",
                "directory.member.remove  (member " + eve + ") SUCCESS",
                "directory.group.delete  SUCCESS");
    }
}
