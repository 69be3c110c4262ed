package dev.familiar.server.directory.graph;

import dev.familiar.server.config.EntraSettings;
import dev.familiar.server.directory.Directory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A Microsoft Entra tenant on this machine for tests outside this package: the {@link GraphRig} (local TLS token
 * endpoint and {@link FakeGraph}) behind a switch that makes Graph throttle every call.
 */
public final class EntraTenant implements AutoCloseable {
    public static final String SECRET = GraphRig.SECRET;
    public static final String ACCESS_TOKEN = GraphRig.TOKEN;

    private final GraphRig rig;
    private volatile Optional<Integer> throttleSeconds = Optional.empty();
    private final java.util.concurrent.atomic.AtomicInteger throttled = new java.util.concurrent.atomic.AtomicInteger();

    public EntraTenant() throws Exception {
        rig = new GraphRig();
        FakeGraph graph = rig.graph;
        rig.graphServer.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                Optional<Integer> seconds = throttleSeconds;
                if (seconds.isPresent()) {
                    throttled.incrementAndGet();
                    return FakeGraph.error(429, "TooManyRequests", "Too many requests").newBuilder()
                            .addHeader("Retry-After", String.valueOf(seconds.get())).build();
                }
                return graph.dispatch(request);
            }
        });
    }

    /** Client-secret settings pointing at the local token endpoint and the fake Graph. */
    public EntraSettings settings() {
        return rig.secretSettings();
    }

    public String graphUrl() {
        return rig.graphUrl();
    }

    /**
     * The Graph adapter as {@code Directories.open} builds it for these settings, but trusting the local token
     * endpoint's certificate and with a sleeper that records instead of waiting.
     */
    public Directory openDirectory() {
        return rig.open();
    }

    public List<Duration> sleeps() {
        synchronized (rig.sleeps) {
            return List.copyOf(rig.sleeps);
        }
    }

    /** Adds a person to the tenant; answers their object id. */
    public String addUser(String displayName, String mail) {
        return rig.graph.addUser(displayName, mail).id();
    }

    /** Adds a group straight into the tenant (as an Entra administrator would); answers its id. */
    public String addGroup(String displayName) {
        return rig.graph.addGroup(displayName, null).id();
    }

    public void addMember(String groupId, String userId) {
        rig.graph.group(groupId).members().add(userId);
    }

    /** The group's members as Graph holds them; empty when the group does not exist. */
    public Optional<Set<String>> members(String groupId) {
        FakeGraph.FakeGroup group = rig.graph.group(groupId);
        return group == null ? Optional.empty() : Optional.of(Set.copyOf(group.members()));
    }

    public Optional<String> displayName(String groupId) {
        return Optional.ofNullable(rig.graph.group(groupId)).map(FakeGraph.FakeGroup::displayName);
    }

    /** From now on every Graph call answers 429 with {@code Retry-After: seconds}; empty: Graph answers again. */
    public void throttle(Optional<Integer> seconds) {
        throttleSeconds = seconds;
    }

    /** How many calls were answered 429 by {@link #throttle}. */
    public int throttledCalls() {
        return throttled.get();
    }

    /** How many requests reached the fake Graph's state (throttled ones not), with method and path matching. */
    public int requests(String method, String pathRegex) {
        return rig.graph.requests(method, pathRegex).size();
    }

    @Override
    public void close() {
        rig.close();
    }
}
