package dev.familiar.server.directory.graph;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.RequestHeaders;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.microsoft.kiota.http.middleware.RedirectHandler;
import com.microsoft.kiota.http.middleware.RetryHandler;
import dev.familiar.server.config.EntraSettings;
import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryException.Kind;
import dev.familiar.server.directory.DirectoryHealth;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory in Microsoft Entra, over Microsoft Graph v1.0 with the application's own permissions
 * (client-credentials flow through msal4j). What Graph demands of a correct client, and how this class meets it, is
 * in docs/directory/graph-adapter.md: pages follow {@code @odata.nextLink} exactly (our cursor is an opaque,
 * checked encoding of it), {@code $search}/{@code $count} carry {@code ConsistencyLevel: eventual}, member adds go 20
 * per {@code PATCH}, throttling and just-created groups are retried within bounds ({@link GraphCalls}). Thread-safe.
 */
public final class GraphDirectory implements Directory {
    private static final Logger LOG = LoggerFactory.getLogger(GraphDirectory.class);

    /** Graph accepts at most 20 {@code members@odata.bind} references per request. */
    static final int BIND_BATCH = 20;
    /** How long after we created a group a "does not exist" answer is taken for replication lag and retried. */
    static final Duration REPLICATION_WINDOW = Duration.ofMinutes(2);

    private static final String[] GROUP_FIELDS = {"id", "displayName", "description"};
    private static final String[] USER_FIELDS = {"id", "displayName", "mail", "userPrincipalName"};
    private static final String[] BY_DISPLAY_NAME = {"displayName"};
    private static final String EVENTUAL = "eventual";
    private static final int MAX_GROUP_PAGES = 1_000;
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Login hosts whose instance discovery msal4j knows; others (private clouds, tests) skip discovery. */
    private static final Set<String> MICROSOFT_LOGIN_HOSTS = Set.of("login.microsoftonline.com", "login.windows.net",
            "login.microsoft.com", "sts.windows.net", "login.microsoftonline.us", "login.usgovcloudapi.net",
            "login.chinacloudapi.cn", "login.partner.microsoftonline.cn", "login.microsoftonline.de");

    private final GraphServiceClient graph;
    private final String graphUrl;
    private final GraphCursor cursors;
    private final GraphCalls calls;
    private final GraphCalls probeCalls;
    private final Clock clock;
    private final ExecutorService counting;
    private final Map<String, Instant> createdHere = new ConcurrentHashMap<>();
    private final boolean countMembers;

    GraphDirectory(GraphServiceClient graph, String graphUrl, Clock clock, Sleeper sleeper,
                   GraphCalls.RetryPolicy policy, boolean countMembers) {
        this.graph = graph;
        this.countMembers = countMembers;
        this.graphUrl = graphUrl;
        this.cursors = new GraphCursor(graphUrl);
        this.clock = clock;
        this.calls = new GraphCalls(policy, sleeper, clock);
        this.probeCalls = new GraphCalls(new GraphCalls.RetryPolicy(1, Duration.ZERO, Duration.ZERO), sleeper, clock);
        AtomicInteger threads = new AtomicInteger();
        this.counting = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "graph-member-count-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The Entra directory of {@code settings} (which must be {@link EntraSettings#enabled()}). */
    public static GraphDirectory open(EntraSettings settings, Clock clock) {
        return open(settings, clock, Sleeper.system());
    }

    /** As {@link #open(EntraSettings, Clock)}, waiting between retries with {@code sleeper} (tests). */
    public static GraphDirectory open(EntraSettings settings, Clock clock, Sleeper sleeper) {
        return open(settings, clock, sleeper, null);
    }

    /** As above, trusting the authority's TLS through {@code authorityTls} when not null (tests' local endpoint). */
    static GraphDirectory open(EntraSettings settings, Clock clock, Sleeper sleeper, SSLSocketFactory authorityTls) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("Entra is not configured: the directory is the local one");
        }
        String graphUrl = settings.graphUrl();
        URI graphUri = URI.create(graphUrl);
        MsalTokenProvider tokens = new MsalTokenProvider(application(settings, authorityTls),
                MsalTokenProvider.scopeOf(graphUrl), graphUri.getHost());
        OkHttpClient.Builder http = GraphClientFactory.create(GraphServiceClient.getGraphClientOptions());
        // Retries are ours (GraphCalls: bounded, Retry-After, sleeper); redirects are not followed, so the bearer
        // token only ever goes to the configured Graph host.
        http.interceptors().removeIf(i -> i instanceof RetryHandler || i instanceof RedirectHandler);
        http.followRedirects(false).followSslRedirects(false)
                .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(60));
        GraphServiceClient graph = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(tokens), http.build());
        graph.getRequestAdapter().setBaseUrl(graphUrl);
        LOG.info("Directory: Microsoft Entra over Microsoft Graph at {} (tenant {}, application {}, {} credential)",
                graphUrl, settings.tenantId().orElse("-"), settings.clientId().orElse("-"),
                settings.clientSecret().isPresent() ? "secret" : "certificate");
        return new GraphDirectory(graph, graphUrl, clock, sleeper, GraphCalls.RetryPolicy.defaults(), true);
    }

    /** The same directory without the per-group member counts (tests that page through thousands of groups). */
    GraphDirectory withoutMemberCounts(Sleeper sleeper) {
        return new GraphDirectory(graph, graphUrl, clock, sleeper, GraphCalls.RetryPolicy.defaults(), false);
    }

    private static ConfidentialClientApplication application(EntraSettings settings, SSLSocketFactory tls) {
        String authority = settings.tenantAuthority().orElseThrow() + "/";
        try {
            ConfidentialClientApplication.Builder builder = ConfidentialClientApplication
                    .builder(settings.clientId().orElseThrow(), credential(settings))
                    .authority(authority)
                    .logPii(false);
            String host = URI.create(authority).getHost().toLowerCase(Locale.ROOT);
            if (!MICROSOFT_LOGIN_HOSTS.contains(host)) {
                // msal4j would ask login.microsoftonline.com about a host it does not know, and with discovery simply
                // off it finds no cache aliases for the host and never reuses a token; so we answer discovery
                // ourselves: the host is its own only alias.
                builder.validateAuthority(false).aadInstanceDiscoveryResponse(discoveryFor(URI.create(authority)));
            }
            if (tls != null) {
                builder.sslSocketFactory(tls);
            }
            return builder.build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("FAMILIAR_ENTRA_AUTHORITY_URL does not make a usable authority: "
                    + authority);
        }
    }

    /** An instance-discovery answer naming the authority's host (with and without its port) as the only alias. */
    private static String discoveryFor(URI authority) {
        String host = authority.getHost().toLowerCase(Locale.ROOT);
        String hostPort = authority.getPort() < 0 ? host : host + ":" + authority.getPort();
        String aliases = host.equals(hostPort) ? "\"" + host + "\"" : "\"" + hostPort + "\",\"" + host + "\"";
        return "{\"tenant_discovery_endpoint\":\"" + authority.toString().replaceAll("/$", "")
                + "/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\",\"metadata\":[{"
                + "\"preferred_network\":\"" + host + "\",\"preferred_cache\":\"" + hostPort + "\","
                + "\"aliases\":[" + aliases + "]}]}";
    }

    private static IClientCredential credential(EntraSettings settings) {
        if (settings.clientSecret().isPresent()) {
            return ClientCredentialFactory.createFromSecret(settings.clientSecret().get());
        }
        Path path = settings.certificatePath().orElseThrow();
        try (InputStream in = Files.newInputStream(path)) {
            return ClientCredentialFactory.createFromCertificate(in, settings.certificatePassword());
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("FAMILIAR_ENTRA_CERTIFICATE_PATH: cannot read a private key and "
                    + "certificate from " + path + " (not PKCS#12, or a wrong FAMILIAR_ENTRA_CERTIFICATE_PASSWORD)");
        }
    }

    @Override
    public DirectoryMode mode() {
        return DirectoryMode.ENTRA;
    }

    @Override
    public Page<Group> groups(String search, String cursor, int limit) throws DirectoryException {
        GroupCollectionResponse response;
        if (cursor != null) {
            String link = cursors.decode("groups", cursor);
            response = calls.run("list groups", () -> graph.groups().withUrl(link)
                    .get(rc -> eventualIfAdvanced(rc.headers, link)));
        } else {
            String term = search == null || search.isBlank() ? null : search.strip();
            int top = clamp(limit);
            response = calls.run("list groups", () -> graph.groups().get(rc -> {
                rc.queryParameters.select = GROUP_FIELDS;
                rc.queryParameters.top = top;
                rc.queryParameters.orderby = BY_DISPLAY_NAME;
                if (term != null) {
                    rc.queryParameters.search = "\"displayName:" + escapeSearch(term) + "\"";
                    rc.queryParameters.count = true;
                    rc.headers.add("ConsistencyLevel", EVENTUAL);
                }
            }));
        }
        List<com.microsoft.graph.models.Group> raw = response == null || response.getValue() == null
                ? List.of() : response.getValue();
        return new Page<>(withCounts(raw), cursors.encode("groups", response == null ? null : response.getOdataNextLink()));
    }

    @Override
    public Group group(String groupId) throws DirectoryException {
        requireGroupId(groupId);
        com.microsoft.graph.models.Group group = calls.run("read the group", () -> graph.groups().byGroupId(groupId)
                .get(rc -> rc.queryParameters.select = GROUP_FIELDS), recentlyCreated(groupId));
        return toGroup(group, memberCount(groupId));
    }

    @Override
    public Group create(String displayName, Optional<String> description) throws DirectoryException {
        String name = requireName(displayName);
        com.microsoft.graph.models.Group body = new com.microsoft.graph.models.Group();
        body.setDisplayName(name);
        description.map(String::strip).filter(d -> !d.isEmpty()).ifPresent(body::setDescription);
        body.setSecurityEnabled(true);
        body.setMailEnabled(false);
        body.setMailNickname(mailNickname(name));
        com.microsoft.graph.models.Group created = calls.run("create the group", () -> graph.groups().post(body));
        if (created == null || created.getId() == null) {
            throw new DirectoryException(Kind.UNAVAILABLE, "Microsoft Graph created the group but did not answer its id");
        }
        Instant now = clock.instant();
        createdHere.entrySet().removeIf(e -> e.getValue().plus(REPLICATION_WINDOW).isBefore(now));
        createdHere.put(created.getId(), now);
        return toGroup(created, Optional.of(0));
    }

    @Override
    public Group update(String groupId, Optional<String> displayName, Optional<String> description)
            throws DirectoryException {
        requireGroupId(groupId);
        if (displayName.isEmpty() && description.isEmpty()) {
            return group(groupId);
        }
        Optional<String> name = displayName.isPresent() ? Optional.of(requireName(displayName.get())) : Optional.empty();
        Optional<String> text = description.map(String::strip);
        com.microsoft.graph.models.Group patch = new com.microsoft.graph.models.Group();
        name.ifPresent(patch::setDisplayName);
        if (text.isPresent()) {
            if (text.get().isEmpty()) {
                // Graph clears a description with null (it refuses an empty string)
                Map<String, Object> clear = new HashMap<>();
                clear.put("description", null);
                patch.setAdditionalData(clear);
            } else {
                patch.setDescription(text.get());
            }
        }
        boolean fresh = recentlyCreated(groupId);
        calls.run("update the group", () -> graph.groups().byGroupId(groupId).patch(patch), fresh);
        Group now = group(groupId);
        // a read right after a write may still show the old values: answer what we wrote
        return new Group(now.id(), name.orElse(now.displayName()),
                text.isPresent() ? text.filter(t -> !t.isEmpty()) : now.description(), now.memberCount());
    }

    @Override
    public void delete(String groupId) throws DirectoryException {
        requireGroupId(groupId);
        calls.run("delete the group", () -> {
            graph.groups().byGroupId(groupId).delete();
            return null;
        }, recentlyCreated(groupId));
        createdHere.remove(groupId);
    }

    @Override
    public Page<Person> members(String groupId, String cursor, int limit) throws DirectoryException {
        requireGroupId(groupId);
        String listing = "members:" + groupId.toLowerCase(Locale.ROOT);
        boolean fresh = recentlyCreated(groupId);
        UserCollectionResponse response;
        if (cursor != null) {
            String link = cursors.decode(listing, cursor);
            response = calls.run("list the group's members", () -> graph.groups().byGroupId(groupId).members()
                    .graphUser().withUrl(link).get(rc -> eventualIfAdvanced(rc.headers, link)), fresh);
        } else {
            int top = clamp(limit);
            response = calls.run("list the group's members", () -> graph.groups().byGroupId(groupId).members()
                    .graphUser().get(rc -> {
                        rc.queryParameters.select = USER_FIELDS;
                        rc.queryParameters.top = top;
                        rc.queryParameters.orderby = BY_DISPLAY_NAME;
                        rc.queryParameters.count = true;
                        rc.headers.add("ConsistencyLevel", EVENTUAL);
                    }), fresh);
        }
        List<Person> people = response == null || response.getValue() == null ? List.of()
                : response.getValue().stream().map(GraphDirectory::toPerson).toList();
        return new Page<>(people, cursors.encode(listing, response == null ? null : response.getOdataNextLink()));
    }

    @Override
    public List<Person> searchUsers(String search, int limit) throws DirectoryException {
        if (search == null || search.isBlank()) {
            throw new DirectoryException(Kind.INVALID, "search for at least one character");
        }
        String term = escapeSearch(search.strip());
        int top = clamp(limit);
        UserCollectionResponse response = calls.run("search users", () -> graph.users().get(rc -> {
            rc.queryParameters.search = "\"displayName:" + term + "\" OR \"mail:" + term + "\"";
            rc.queryParameters.select = USER_FIELDS;
            rc.queryParameters.top = top;
            rc.queryParameters.orderby = BY_DISPLAY_NAME;
            rc.queryParameters.count = true;
            rc.headers.add("ConsistencyLevel", EVENTUAL);
        }));
        return response == null || response.getValue() == null ? List.of()
                : response.getValue().stream().limit(top).map(GraphDirectory::toPerson).toList();
    }

    @Override
    public Optional<Person> userByEmail(String email) throws DirectoryException {
        if (email == null || email.isBlank()) {
            throw new DirectoryException(Kind.INVALID, "an e-mail address is required");
        }
        String quoted = "'" + email.strip().replace("'", "''") + "'";
        UserCollectionResponse response = calls.run("find a user by e-mail", () -> graph.users().get(rc -> {
            rc.queryParameters.filter = "mail eq " + quoted + " or userPrincipalName eq " + quoted;
            rc.queryParameters.select = USER_FIELDS;
            rc.queryParameters.top = 2;
        }));
        return response == null || response.getValue() == null ? Optional.empty()
                : response.getValue().stream().findFirst().map(GraphDirectory::toPerson);
    }

    @Override
    public Optional<Person> userById(String userId) throws DirectoryException {
        if (!isGuid(userId)) {
            return Optional.empty();
        }
        try {
            User user = calls.run("read a user", () -> graph.users().byUserId(userId)
                    .get(rc -> rc.queryParameters.select = USER_FIELDS));
            return Optional.ofNullable(user).map(GraphDirectory::toPerson);
        } catch (DirectoryException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<AddOutcome> addMembers(String groupId, List<String> userIds) throws DirectoryException {
        requireGroupId(groupId);
        boolean fresh = recentlyCreated(groupId);
        calls.run("find the group", () -> graph.groups().byGroupId(groupId)
                .get(rc -> rc.queryParameters.select = new String[] {"id"}), fresh);
        Map<String, AddOutcome> outcomes = new LinkedHashMap<>();
        List<String> valid = new ArrayList<>();
        for (String id : new LinkedHashSet<>(userIds)) {
            if (isGuid(id)) {
                valid.add(id);
            } else {
                outcomes.put(id, new AddOutcome(id, AddOutcome.Kind.NOT_FOUND, "no such user in Microsoft Entra"));
            }
        }
        boolean changed = false;
        for (int from = 0; from < valid.size(); from += BIND_BATCH) {
            List<String> batch = valid.subList(from, Math.min(valid.size(), from + BIND_BATCH));
            boolean oneByOne;
            try {
                boolean replicatedYet = fresh && recentlyCreated(groupId);
                Boolean added = calls.run("add members to the group", () -> {
                    try {
                        graph.groups().byGroupId(groupId).patch(bindMembers(batch));
                        return true;
                    } catch (ApiException e) {
                        if (GraphCalls.alreadyExists(e)) {
                            return false;
                        }
                        throw e;
                    }
                }, replicatedYet);
                oneByOne = !added;
                if (added) {
                    batch.forEach(id -> outcomes.put(id, new AddOutcome(id, AddOutcome.Kind.ADDED, "")));
                    changed = true;
                }
            } catch (DirectoryException e) {
                if (e.kind() == Kind.DENIED || (!changed && (e.kind() == Kind.THROTTLED || e.kind() == Kind.UNAVAILABLE))) {
                    throw e;
                }
                if (e.kind() == Kind.THROTTLED || e.kind() == Kind.UNAVAILABLE) {
                    valid.subList(from, valid.size()).forEach(id ->
                            outcomes.put(id, new AddOutcome(id, AddOutcome.Kind.FAILED, e.getMessage())));
                    break;
                }
                oneByOne = true; // one of the references is unknown (or refused): find out which
            }
            // the group answered a write (or the bounded wait is over): later batches need not wait for replication
            createdHere.remove(groupId);
            if (oneByOne) {
                for (String id : batch) {
                    AddOutcome outcome = addOne(groupId, id);
                    changed |= outcome.kind() == AddOutcome.Kind.ADDED;
                    outcomes.put(id, outcome);
                }
            }
        }
        return userIds.stream().map(outcomes::get).toList();
    }

    private AddOutcome addOne(String groupId, String userId) throws DirectoryException {
        ReferenceCreate reference = new ReferenceCreate();
        reference.setOdataId(graphUrl + "/directoryObjects/" + userId);
        try {
            boolean added = calls.run("add a member to the group", () -> {
                try {
                    graph.groups().byGroupId(groupId).members().ref().post(reference);
                    return true;
                } catch (ApiException e) {
                    if (GraphCalls.alreadyExists(e)) {
                        return false;
                    }
                    throw e;
                }
            });
            return added ? new AddOutcome(userId, AddOutcome.Kind.ADDED, "")
                    : new AddOutcome(userId, AddOutcome.Kind.ALREADY_MEMBER, "already a member");
        } catch (DirectoryException e) {
            return switch (e.kind()) {
                case DENIED -> throw e;
                case NOT_FOUND -> new AddOutcome(userId, AddOutcome.Kind.NOT_FOUND, "no such user in Microsoft Entra");
                default -> new AddOutcome(userId, AddOutcome.Kind.FAILED, e.getMessage());
            };
        }
    }

    private com.microsoft.graph.models.Group bindMembers(List<String> userIds) {
        com.microsoft.graph.models.Group patch = new com.microsoft.graph.models.Group();
        Map<String, Object> binds = new HashMap<>();
        binds.put("members@odata.bind", userIds.stream().map(id -> graphUrl + "/directoryObjects/" + id).toList());
        patch.setAdditionalData(binds);
        return patch;
    }

    @Override
    public void removeMember(String groupId, String userId) throws DirectoryException {
        requireGroupId(groupId);
        if (!isGuid(userId)) {
            throw new DirectoryException(Kind.NOT_FOUND, "no such member of the group");
        }
        calls.run("remove a member from the group", () -> {
            graph.groups().byGroupId(groupId).members().byDirectoryObjectId(userId).ref().delete();
            return null;
        }, recentlyCreated(groupId));
    }

    @Override
    public Set<String> groupIdsOf(String userId) throws DirectoryException {
        // the port answers no groups for a person the directory does not know (as the local directory does)
        if (!isGuid(userId)) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        GroupCollectionResponse page;
        try {
            page = calls.run("list the user's groups", () -> graph.users().byUserId(userId)
                    .transitiveMemberOf().graphGroup().get(rc -> {
                        rc.queryParameters.select = new String[] {"id"};
                        rc.queryParameters.top = 999;
                    }));
        } catch (DirectoryException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                return Set.of();
            }
            throw e;
        }
        for (int pages = 1; page != null; pages++) {
            if (page.getValue() != null) {
                page.getValue().stream().map(com.microsoft.graph.models.Group::getId).filter(id -> id != null)
                        .forEach(ids::add);
            }
            String next = page.getOdataNextLink();
            if (next == null || next.isBlank()) {
                break;
            }
            if (!cursors.underBase(next) || pages >= MAX_GROUP_PAGES) {
                throw new DirectoryException(Kind.UNAVAILABLE, "Microsoft Graph answered an unexpected next page while "
                        + "listing the user's groups");
            }
            page = calls.run("list the user's groups", () -> graph.users().byUserId(userId).transitiveMemberOf()
                    .graphGroup().withUrl(next).get());
        }
        return Set.copyOf(ids);
    }

    @Override
    public DirectoryHealth probe() {
        try {
            probeCalls.run("probe the directory", () -> graph.groups().get(rc -> {
                rc.queryParameters.select = new String[] {"id"};
                rc.queryParameters.top = 1;
            }));
            return DirectoryHealth.up();
        } catch (DirectoryException e) {
            return new DirectoryHealth(false, e.getMessage());
        } catch (RuntimeException e) {
            return new DirectoryHealth(false, "Microsoft Graph probe failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private List<Group> withCounts(List<com.microsoft.graph.models.Group> raw) {
        if (!countMembers) {
            return raw.stream().map(g -> toGroup(g, Optional.empty())).toList();
        }
        List<CompletableFuture<Optional<Integer>>> counts = raw.stream()
                .map(g -> CompletableFuture.supplyAsync(() -> memberCount(g.getId()), counting)).toList();
        List<Group> groups = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            groups.add(toGroup(raw.get(i), counts.get(i).join()));
        }
        return groups;
    }

    /** {@code /groups/{id}/members/$count}; one attempt, and a failure leaves the count empty. */
    private Optional<Integer> memberCount(String groupId) {
        if (groupId == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(graph.groups().byGroupId(groupId).members().count()
                    .get(rc -> rc.headers.add("ConsistencyLevel", EVENTUAL)));
        } catch (RuntimeException e) {
            LOG.debug("no member count for group {} ({})", groupId, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private boolean recentlyCreated(String groupId) {
        Instant created = createdHere.get(groupId);
        if (created == null) {
            return false;
        }
        if (created.plus(REPLICATION_WINDOW).isBefore(clock.instant())) {
            createdHere.remove(groupId);
            return false;
        }
        return true;
    }

    private static void eventualIfAdvanced(RequestHeaders headers, String link) {
        String query = URI.create(link).getRawQuery();
        if (query != null && (query.contains("$search=") || query.contains("%24search=")
                || query.contains("$count=") || query.contains("%24count="))) {
            headers.add("ConsistencyLevel", EVENTUAL);
        }
    }

    private static Group toGroup(com.microsoft.graph.models.Group g, Optional<Integer> memberCount) {
        String description = g.getDescription();
        return new Group(g.getId(), g.getDisplayName() == null ? "" : g.getDisplayName(),
                description == null || description.isBlank() ? Optional.empty() : Optional.of(description), memberCount);
    }

    private static Person toPerson(User u) {
        String email = u.getMail() != null && !u.getMail().isBlank() ? u.getMail() : u.getUserPrincipalName();
        String name = u.getDisplayName() != null && !u.getDisplayName().isBlank() ? u.getDisplayName()
                : (email == null ? u.getId() : email);
        return new Person(u.getId(), name, Optional.ofNullable(email));
    }

    private static void requireGroupId(String groupId) throws DirectoryException {
        if (!isGuid(groupId)) {
            throw new DirectoryException(Kind.NOT_FOUND, "no such group in Microsoft Entra");
        }
    }

    private static boolean isGuid(String id) {
        return id != null && GUID.matcher(id).matches();
    }

    private static String requireName(String displayName) throws DirectoryException {
        if (displayName == null || displayName.isBlank()) {
            throw new DirectoryException(Kind.INVALID, "a group needs a display name");
        }
        String name = displayName.strip();
        if (name.length() > 256) {
            throw new DirectoryException(Kind.INVALID, "a group's display name has at most 256 characters");
        }
        return name;
    }

    /** Graph requires a mail nickname even for a security group: ASCII letters, digits, '-', '_' and '.'. */
    static String mailNickname(String displayName) {
        String ascii = displayName.replaceAll("[^A-Za-z0-9._-]", "");
        String stem = ascii.isEmpty() ? "group" : ascii.substring(0, Math.min(40, ascii.length()));
        return stem + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Inside a quoted {@code $search} clause a double quote and a backslash are escaped with a backslash. */
    static String escapeSearch(String term) {
        return term.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The port's limit is 1…MAX_PAGE; outside it is INVALID, as in the local directory (not clamped). */
    private static int clamp(int limit) throws DirectoryException {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new DirectoryException(Kind.INVALID, "limit must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }
}
