package dev.familiar.admin.screens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.session.SessionState;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.client.FamiliarClient;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;

class ScreenHostTest {
    private final List<String> events = new ArrayList<>();
    private final List<String> results = new ArrayList<>();
    private final ManualExecutor executor = new ManualExecutor();
    private final SessionState session = new SessionState();
    private final List<Integer> builds = new ArrayList<>();

    /** A screen that records what the host asks of it and loads "data" in the background on every show. */
    private final class RecordingScreen implements Screen {
        private final String id;
        private final ScreenContext context;

        RecordingScreen(String id, ScreenContext context) {
            this.id = id;
            this.context = context;
        }

        @Override
        public Node view() {
            return null;
        }

        @Override
        public void show(Place place) {
            events.add("show " + place.path());
            context.tasks().run("load " + place.path(), progress -> place.path(), results::add,
                    failure -> results.add("failed: " + failure));
        }

        @Override
        public void leave() {
            events.add("leave " + id);
        }
    }

    private final ScreenRegistry registry = new ScreenRegistry(List.of(
            new ScreenDescriptor("home", "Home", 1, context -> {
                builds.add(1);
                return new RecordingScreen("home", context);
            }),
            new ScreenDescriptor("customers", "Customers", 3, context -> {
                builds.add(3);
                return new RecordingScreen("customers", context);
            })));
    private final Navigator navigator = new Navigator(Place.of("home"), registry::knows);
    private final ScreenHost host = new ScreenHost(registry, navigator, session, executor, new ActivityMonitor(),
            new FakeDialogService());

    @Test
    void leavingAScreenCancelsItsTasksSoTheirLateResultsAreDropped() {
        host.start();
        navigator.go(Place.of("customers", "org-1"));
        executor.runPending();

        assertThat(events).containsExactly("show home", "leave home", "show customers/org-1");
        assertThat(results).containsExactly("customers/org-1");
    }

    @Test
    void eachScreenIsBuiltOnceAndShownAgainOnEveryVisit() {
        host.start();
        navigator.go(Place.of("customers"));
        navigator.back();
        navigator.forward();
        executor.runPending();

        assertThat(builds).containsExactly(1, 3);
        assertThat(events).containsExactly("show home", "leave home", "show customers", "leave customers",
                "show home", "leave home", "show customers");
        assertThat(results).containsExactly("customers");
    }

    @Test
    void aNewConnectionReloadsTheCurrentScreenAndDropsWhatTheOldServerWasAskedFor() {
        host.start();
        try (FamiliarClient client = FamiliarClient.connect("http://127.0.0.1:9/")) {
            session.connected(client, "admin (ADMIN)");
        }
        executor.runPending();

        assertThat(events).containsExactly("show home", "show home");
        assertThat(results).containsExactly("home");
        assertThat(host.tasksOf("home").runningCount()).isZero();
    }

    @Test
    void theRegistryRefusesTwoScreensWithOneIdOrShortcut() {
        ScreenDescriptor a = new ScreenDescriptor("a", "A", 2, context -> null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScreenRegistry(List.of(a,
                new ScreenDescriptor("a", "Again", 3, context -> null)))).hasMessageContaining("id a");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScreenRegistry(List.of(a,
                new ScreenDescriptor("b", "B", 2, context -> null)))).hasMessageContaining("Ctrl+2");
        assertThat(registry.byShortcut(3)).map(ScreenDescriptor::id).contains("customers");
    }
}
