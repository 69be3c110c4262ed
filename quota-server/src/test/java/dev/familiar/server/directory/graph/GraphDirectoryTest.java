package dev.familiar.server.directory.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryHealth;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graph adapter against a local Graph answering with Graph's JSON; the requests it sends are asserted. */
class GraphDirectoryTest {
    private GraphRig rig;
    private FakeGraph graph;
    private GraphDirectory directory;

    @BeforeEach
    void start() throws Exception {
        rig = new GraphRig();
        graph = rig.graph;
        directory = rig.open();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void tenThousandGroupsPageThroughWithNoGapOrDuplicate() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            graph.addGroup(String.format("Group %05d", i), null);
        }
        // member counts (one request per group) are covered below; here 10,000 of them would only cost time
        GraphDirectory directory = this.directory.withoutMemberCounts(rig.sleeps::add);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Group> page = directory.groups(null, cursor, 100);
            page.items().forEach(g -> seen.add(g.displayName()));
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null && pages < 200);

        assertThat(pages).isEqualTo(100);
        assertThat(seen).hasSize(10_000).doesNotHaveDuplicates()
                .isEqualTo(IntStream.range(0, 10_000).mapToObj(i -> String.format("Group %05d", i)).toList());
        List<RecordedRequest> lists = graph.requests("GET", "/v1\\.0/groups");
        assertThat(lists).hasSize(100);
        RecordedRequest first = lists.get(0);
        assertThat(first.getUrl().queryParameter("$select")).isEqualTo("id,displayName,description");
        assertThat(first.getUrl().queryParameter("$top")).isEqualTo("100");
        assertThat(first.getUrl().queryParameter("$orderby")).isEqualTo("displayName");
        assertThat(first.getUrl().queryParameter("$skiptoken")).isNull();
        // every later page is exactly the @odata.nextLink Graph gave with the page before
        for (int i = 1; i < lists.size(); i++) {
            assertThat(lists.get(i).getUrl().queryParameter("$skiptoken")).isNotNull();
            assertThat(lists.get(i).getUrl().queryParameter("$select")).isEqualTo("id,displayName,description");
        }
    }

    @Test
    void groupsCarryTheirMemberCountAskedWithConsistencyLevelEventual() throws Exception {
        FakeGraph.FakeGroup team = graph.addGroup("Prompt Engineers", "lab access");
        FakeGraph.FakeUser ada = graph.addUser("Ada Lovelace", "ada@contoso.test");
        FakeGraph.FakeUser alan = graph.addUser("Alan Turing", "alan@contoso.test");
        team.members().addAll(List.of(ada.id(), alan.id()));

        Page<Group> page = directory.groups(null, null, 10);

        assertThat(page.items()).containsExactly(new Group(team.id(), "Prompt Engineers", Optional.of("lab access"),
                Optional.of(2)));
        assertThat(page.nextCursor()).isEmpty();
        RecordedRequest count = graph.requests("GET", "/v1\\.0/groups/[^/]+/members/\\$count").get(0);
        assertThat(count.getHeaders().get("ConsistencyLevel")).isEqualTo("eventual");
    }

    @Test
    void aMemberCountThatFailsLeavesTheCountEmptyAndThePageWhole() throws Exception {
        graph.addGroup("Billing Admins", null);
        graph.failNext(r -> r.getUrl().encodedPath().endsWith("/members/$count"),
                FakeGraph.error(503, "serviceNotAvailable", "Service unavailable"));

        Page<Group> page = directory.groups(null, null, 10);

        assertThat(page.items()).singleElement().satisfies(g -> assertThat(g.memberCount()).isEmpty());
    }

    @Test
    void searchSendsSearchCountAndConsistencyLevelOnEveryPage() throws Exception {
        for (int i = 0; i < 5; i++) {
            graph.addGroup("Prompt team " + i, null);
        }
        graph.addGroup("Billing Admins", null);

        Page<Group> first = directory.groups("prompt", null, 3);
        Page<Group> second = directory.groups("ignored on later pages", first.nextCursor().orElseThrow(), 3);

        assertThat(first.items()).extracting(Group::displayName)
                .containsExactly("Prompt team 0", "Prompt team 1", "Prompt team 2");
        assertThat(second.items()).extracting(Group::displayName).containsExactly("Prompt team 3", "Prompt team 4");
        assertThat(second.nextCursor()).isEmpty();
        List<RecordedRequest> lists = graph.requests("GET", "/v1\\.0/groups");
        assertThat(lists).hasSize(2).allSatisfy(r -> {
            assertThat(r.getHeaders().get("ConsistencyLevel")).isEqualTo("eventual");
            assertThat(r.getUrl().queryParameter("$search")).isEqualTo("\"displayName:prompt\"");
            assertThat(r.getUrl().queryParameter("$count")).isEqualTo("true");
        });
    }

    @Test
    void aSearchTermWithQuotesIsEscapedInsideTheSearchClause() throws Exception {
        graph.addGroup("Say \"hi\" crew", null);

        Page<Group> page = directory.groups("\"hi", null, 10);

        assertThat(graph.requests("GET", "/v1\\.0/groups").get(0).getUrl().queryParameter("$search"))
                .isEqualTo("\"displayName:\\\"hi\"");
        assertThat(page.items()).hasSize(1);
    }

    @Test
    void aForgedCursorIsRefusedWithoutAnyRequestToTheForeignHost() throws Exception {
        try (MockWebServer foreign = new MockWebServer()) {
            foreign.start();
            String link = "http://localhost:" + foreign.getPort() + "/v1.0/groups?$skiptoken=x";
            String forged = "g1." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("groups\n" + link).getBytes(StandardCharsets.UTF_8));

            DirectoryException refused = catchThrowableOfType(DirectoryException.class,
                    () -> directory.groups(null, forged, 10));

            assertThat(refused.kind()).isEqualTo(DirectoryException.Kind.INVALID);
            assertThat(foreign.getRequestCount()).isZero();
            assertThat(graph.requests()).isEmpty();
        }
    }

    @Test
    void aCursorOfOneGroupsMembersIsRefusedForAnotherGroup() throws Exception {
        FakeGraph.FakeGroup a = graph.addGroup("A", null);
        FakeGraph.FakeGroup b = graph.addGroup("B", null);
        for (int i = 0; i < 3; i++) {
            a.members().add(graph.addUser("User " + i, "user" + i + "@contoso.test").id());
        }
        String cursor = directory.members(a.id(), null, 2).nextCursor().orElseThrow();

        DirectoryException refused = catchThrowableOfType(DirectoryException.class,
                () -> directory.members(b.id(), cursor, 2));

        assertThat(refused.kind()).isEqualTo(DirectoryException.Kind.INVALID);
        assertThat(directory.members(a.id(), cursor, 2).items()).extracting(Person::displayName).containsExactly("User 2");
    }

    @Test
    void membersAreUsersSelectedOrderedAndCountedWithConsistencyLevel() throws Exception {
        FakeGraph.FakeGroup team = graph.addGroup("Prompt Engineers", null);
        FakeGraph.FakeUser grace = graph.addUser("Grace Hopper", null);
        FakeGraph.FakeUser ada = graph.addUser("Ada Lovelace", "ada@contoso.test");
        team.members().addAll(List.of(grace.id(), ada.id()));

        Page<Person> page = directory.members(team.id(), null, 50);

        assertThat(page.items()).containsExactly(
                new Person(ada.id(), "Ada Lovelace", Optional.of("ada@contoso.test")),
                new Person(grace.id(), "Grace Hopper", Optional.of("grace.hopper@contoso.test")));
        RecordedRequest request = graph.requests("GET", "/v1\\.0/groups/[^/]+/members/(microsoft\\.)?graph\\.user").get(0);
        assertThat(request.getUrl().queryParameter("$select")).isEqualTo("id,displayName,mail,userPrincipalName");
        assertThat(request.getUrl().queryParameter("$count")).isEqualTo("true");
        assertThat(request.getHeaders().get("ConsistencyLevel")).isEqualTo("eventual");
    }

    @Test
    void aThousandMembersAreAddedInFiftyPatchesOfTwenty() throws Exception {
        FakeGraph.FakeGroup team = graph.addGroup("Everyone", null);
        List<String> ids = IntStream.range(0, 1_000).mapToObj(i -> graph.addUser("User " + i, null).id()).toList();

        List<AddOutcome> outcomes = directory.addMembers(team.id(), ids);

        assertThat(outcomes).hasSize(1_000).allSatisfy(o -> assertThat(o.kind()).isEqualTo(AddOutcome.Kind.ADDED));
        assertThat(outcomes).extracting(AddOutcome::userId).isEqualTo(ids);
        assertThat(graph.group(team.id()).members()).containsExactlyInAnyOrderElementsOf(ids);
        List<RecordedRequest> patches = graph.requests("PATCH", "/v1\\.0/groups/[^/]+");
        assertThat(patches).hasSize(50);
        assertThat(patches.get(0).getBody().utf8())
                .contains("\"members@odata.bind\":[\"" + rig.graphUrl() + "/directoryObjects/" + ids.get(0) + "\"");
        assertThat(graph.requests("POST", ".*/\\$ref")).isEmpty();
    }

    @Test
    void addingSomeoneAlreadyInTheGroupIsSuccessAndTheOthersAreStillAdded() throws Exception {
        FakeGraph.FakeGroup team = graph.addGroup("Prompt Engineers", null);
        FakeGraph.FakeUser ada = graph.addUser("Ada Lovelace", "ada@contoso.test");
        FakeGraph.FakeUser alan = graph.addUser("Alan Turing", "alan@contoso.test");
        team.members().add(ada.id());
        String ghost = "00000000-0000-0000-0000-0000000000ff";

        List<AddOutcome> outcomes = directory.addMembers(team.id(), List.of(ada.id(), alan.id(), ghost, "not-a-guid"));

        assertThat(outcomes).extracting(AddOutcome::kind).containsExactly(AddOutcome.Kind.ALREADY_MEMBER,
                AddOutcome.Kind.ADDED, AddOutcome.Kind.NOT_FOUND, AddOutcome.Kind.NOT_FOUND);
        assertThat(graph.group(team.id()).members()).containsExactlyInAnyOrder(ada.id(), alan.id());
        assertThat(graph.requests("PATCH", "/v1\\.0/groups/[^/]+")).hasSize(1);
        assertThat(graph.requests("POST", ".*/members/\\$ref")).hasSize(3);
    }

    @Test
    void addingToAnUnknownGroupIsNotFound() {
        DirectoryException e = catchThrowableOfType(DirectoryException.class, () -> directory.addMembers(
                "11111111-2222-3333-4444-555555555555", List.of(graph.addUser("Ada", null).id())));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.NOT_FOUND);
        assertThat(graph.requests("PATCH", ".*")).isEmpty();
    }

    @Test
    void throttlingHonoursRetryAfterThroughTheSleeper() throws Exception {
        graph.addGroup("Prompt Engineers", null);
        graph.failNext(r -> r.getUrl().encodedPath().equals("/v1.0/groups"), new MockResponse.Builder().code(429)
                .addHeader("Retry-After", "7").addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Too many requests\"}}").build());

        Page<Group> page = directory.groups(null, null, 10);

        assertThat(page.items()).hasSize(1);
        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(7));
        assertThat(graph.requests("GET", "/v1\\.0/groups")).hasSize(2);
    }

    @Test
    void unavailableWithoutRetryAfterBacksOffExponentiallyThenGivesUpThrottled() {
        for (int i = 0; i < 10; i++) {
            graph.failNext(r -> r.getUrl().encodedPath().equals("/v1.0/groups"),
                    FakeGraph.error(503, "serviceNotAvailable", "The service is temporarily unavailable."));
        }

        DirectoryException e = catchThrowableOfType(DirectoryException.class, () -> directory.groups(null, null, 10));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.THROTTLED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(16));
        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(graph.requests("GET", "/v1\\.0/groups")).hasSize(5);
    }

    @Test
    void aRetryAfterBeyondTheBudgetGivesUpAtOnceWithIt() {
        graph.failNext(r -> true, new MockResponse.Builder().code(429).addHeader("Retry-After", "120").build());

        DirectoryException e = catchThrowableOfType(DirectoryException.class, () -> directory.groups(null, null, 10));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.THROTTLED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(rig.sleeps).isEmpty();
    }

    @Test
    void aWriteRightAfterCreateRetriesNotFoundThenSucceeds() throws Exception {
        FakeGraph.FakeUser ada = graph.addUser("Ada Lovelace", "ada@contoso.test");
        Group created = directory.create("Prompt Engineers", Optional.of("lab"));
        graph.failNext(r -> r.getMethod().equals("GET") && r.getUrl().encodedPath().endsWith(created.id()),
                FakeGraph.error(404, "Request_ResourceNotFound", "Resource '" + created.id() + "' does not exist or one "
                        + "of its queried reference-property objects are not present."));
        graph.failNext(r -> r.getMethod().equals("PATCH"), FakeGraph.error(400, "Request_BadRequest",
                "Resource '" + created.id() + "' does not exist or one of its queried reference-property objects are "
                        + "not present."));

        List<AddOutcome> outcomes = directory.addMembers(created.id(), List.of(ada.id()));

        assertThat(outcomes).extracting(AddOutcome::kind).containsExactly(AddOutcome.Kind.ADDED);
        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(graph.group(created.id()).members()).containsExactly(ada.id());
        RecordedRequest post = graph.requests("POST", "/v1\\.0/groups").get(0);
        assertThat(post.getBody().utf8()).contains("\"securityEnabled\":true", "\"mailEnabled\":false",
                "\"mailNickname\":\"PromptEngineers-");
    }

    @Test
    void notFoundOnAGroupWeDidNotJustCreateIsNotRetried() {
        DirectoryException e = catchThrowableOfType(DirectoryException.class,
                () -> directory.delete("11111111-2222-3333-4444-555555555555"));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.NOT_FOUND);
        assertThat(rig.sleeps).isEmpty();
    }

    @Test
    void theReplicationRetryIsBoundedThenNotFound() throws Exception {
        Group created = directory.create("Ephemeral", Optional.empty());
        for (int i = 0; i < 10; i++) {
            graph.failNext(r -> r.getMethod().equals("DELETE"), FakeGraph.error(404, "Request_ResourceNotFound",
                    "Resource does not exist."));
        }

        DirectoryException e = catchThrowableOfType(DirectoryException.class, () -> directory.delete(created.id()));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.NOT_FOUND);
        assertThat(rig.sleeps).hasSize(4);
    }

    @Test
    void forbiddenIsDeniedNamingThePermissions() {
        graph.failNext(r -> true, FakeGraph.error(403, "Authorization_RequestDenied",
                "Insufficient privileges to complete the operation."));

        DirectoryException e = catchThrowableOfType(DirectoryException.class,
                () -> directory.create("Prompt Engineers", Optional.empty()));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.DENIED);
        assertThat(e.getMessage()).contains("Insufficient privileges", "Authorization_RequestDenied",
                "Group.ReadWrite.All", "User.Read.All");
    }

    @Test
    void badRequestIsInvalidWithGraphsMessage() {
        graph.failNext(r -> true, FakeGraph.error(400, "Request_BadRequest",
                "Invalid value specified for property 'displayName' of resource 'Group'."));

        DirectoryException e = catchThrowableOfType(DirectoryException.class,
                () -> directory.create("Prompt Engineers", Optional.empty()));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.INVALID);
        assertThat(e.getMessage()).contains("Invalid value specified for property 'displayName'");
    }

    @Test
    void serverErrorIsUnavailable() {
        graph.failNext(r -> true, FakeGraph.error(500, "generalException", "General exception while processing."));

        DirectoryException e = catchThrowableOfType(DirectoryException.class,
                () -> directory.group(graph.addGroup("X", null).id()));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("500");
    }

    @Test
    void updateRenamesAndClearsTheDescriptionWithNull() throws Exception {
        FakeGraph.FakeGroup team = graph.addGroup("Prompt Engineers", "old text");

        Group updated = directory.update(team.id(), Optional.of("Prompt Crafters"), Optional.of(""));

        assertThat(updated.displayName()).isEqualTo("Prompt Crafters");
        assertThat(updated.description()).isEmpty();
        assertThat(graph.group(team.id()).description()).isNull();
        String body = graph.requests("PATCH", "/v1\\.0/groups/[^/]+").get(0).getBody().utf8();
        assertThat(body).contains("\"displayName\":\"Prompt Crafters\"", "\"description\":null");
    }

    @Test
    void removeMemberDeletesTheReferenceAndAnswersNotFoundForANonMember() throws Exception {
        FakeGraph.FakeGroup team = graph.addGroup("Prompt Engineers", null);
        FakeGraph.FakeUser ada = graph.addUser("Ada Lovelace", "ada@contoso.test");
        team.members().add(ada.id());

        directory.removeMember(team.id(), ada.id());
        DirectoryException again = catchThrowableOfType(DirectoryException.class,
                () -> directory.removeMember(team.id(), ada.id()));

        assertThat(team.members()).isEmpty();
        assertThat(again.kind()).isEqualTo(DirectoryException.Kind.NOT_FOUND);
        assertThat(graph.requests("DELETE", ".*").get(0).getUrl().encodedPath())
                .isEqualTo("/v1.0/groups/" + team.id() + "/members/" + ada.id() + "/$ref");
    }

    @Test
    void userByEmailFiltersOnMailOrUpnWithQuotesEscaped() throws Exception {
        FakeGraph.FakeUser obrien = graph.addUser("Pat O'Brien", "o'brien@contoso.test");

        Optional<Person> found = directory.userByEmail("O'Brien@contoso.test");

        assertThat(found).contains(new Person(obrien.id(), "Pat O'Brien", Optional.of("o'brien@contoso.test")));
        assertThat(graph.requests("GET", "/v1\\.0/users").get(0).getUrl().queryParameter("$filter"))
                .isEqualTo("mail eq 'O''Brien@contoso.test' or userPrincipalName eq 'O''Brien@contoso.test'");
    }

    @Test
    void searchUsersSearchesDisplayNameOrMailWithConsistencyLevel() throws Exception {
        graph.addUser("Ada Lovelace", "ada@contoso.test");
        graph.addUser("Grace Hopper", "grace@contoso.test");
        graph.addUser("Alan Turing", "turing@contoso.test");

        List<Person> found = directory.searchUsers("a", 10);

        assertThat(found).extracting(Person::displayName).containsExactly("Ada Lovelace", "Alan Turing");
        RecordedRequest request = graph.requests("GET", "/v1\\.0/users").get(0);
        assertThat(request.getUrl().queryParameter("$search")).isEqualTo("\"displayName:a\" OR \"mail:a\"");
        assertThat(request.getHeaders().get("ConsistencyLevel")).isEqualTo("eventual");
        assertThat(request.getUrl().queryParameter("$select")).isEqualTo("id,displayName,mail,userPrincipalName");
    }

    @Test
    void userByIdAnswersEmptyForAnUnknownUser() throws Exception {
        FakeGraph.FakeUser ada = graph.addUser("Ada Lovelace", "ada@contoso.test");

        assertThat(directory.userById(ada.id())).map(Person::displayName).contains("Ada Lovelace");
        assertThat(directory.userById("11111111-2222-3333-4444-555555555555")).isEmpty();
        assertThat(directory.userById("../groups")).isEmpty();
    }

    @Test
    void groupIdsOfFollowsEveryPageOfTransitiveMemberships() throws Exception {
        FakeGraph.FakeUser ada = graph.addUser("Ada Lovelace", "ada@contoso.test");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 2_500; i++) {
            FakeGraph.FakeGroup g = graph.addGroup("G" + i, null);
            g.members().add(ada.id());
            expected.add(g.id());
        }
        graph.addGroup("Not hers", null);

        Set<String> ids = directory.groupIdsOf(ada.id());

        assertThat(ids).isEqualTo(expected);
        List<RecordedRequest> requests = graph.requests("GET", ".*/transitiveMemberOf/(microsoft\\.)?graph\\.group");
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).getUrl().queryParameter("$select")).isEqualTo("id");
    }

    @Test
    void probeAnswersUpAndNeverThrowsWhenGraphIsGone() {
        assertThat(directory.probe()).isEqualTo(DirectoryHealth.up());
        assertThat(graph.requests("GET", "/v1\\.0/groups").get(0).getUrl().queryParameter("$top")).isEqualTo("1");

        rig.graphServer.close();
        DirectoryHealth down = directory.probe();

        assertThat(down.reachable()).isFalse();
        assertThat(down.detail()).contains("Microsoft Graph");
    }
}
