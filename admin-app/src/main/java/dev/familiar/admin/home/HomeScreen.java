package dev.familiar.admin.home;

import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import dev.familiar.admin.screens.ScreenDescriptor;
import dev.familiar.admin.screens.ScreenRegistry;
import dev.familiar.admin.session.SessionState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/** The start page: what the console does, and a button per area. */
public final class HomeScreen implements Screen {
    public static final String ID = "home";

    private final Navigator navigator;
    private final Supplier<ScreenRegistry> registry;
    private final SessionState session;
    private final Map<ScreenDescriptor, Button> areaButtons = new LinkedHashMap<>();
    private VBox view;

    public HomeScreen(Navigator navigator, Supplier<ScreenRegistry> registry) {
        this(navigator, registry, null);
    }

    /** With {@code session}, an area is offered only to the roles it names ({@link ScreenDescriptor#offeredTo}). */
    public HomeScreen(Navigator navigator, Supplier<ScreenRegistry> registry, SessionState session) {
        this.navigator = navigator;
        this.registry = registry;
        this.session = session;
    }

    @Override
    public Node view() {
        if (view == null) {
            Label title = new Label("Familiar admin console");
            title.getStyleClass().add("title-1");
            Label about = new Label("Manage the catalog, customers and their subscriptions, and the user accounts of "
                    + "The DM's Familiar. Unless you connect to a remote server (Server ▸ Connect to remote server…), "
                    + "the console runs its own server on this computer and signs you in as its administrator.");
            about.setWrapText(true);
            about.getStyleClass().add("text-subtle");
            FlowPane areas = new FlowPane(8, 8);
            areas.setId("homeAreas");
            for (ScreenDescriptor screen : registry.get().all()) {
                if (screen.id().equals(ID)) {
                    continue;
                }
                Button open = new Button(screen.title() + (screen.shortcut() == 0 ? "" : "  (Ctrl+" + screen.shortcut() + ")"));
                open.setId("home-" + screen.id());
                open.setOnAction(event -> navigator.go(Place.of(screen.id())));
                areas.getChildren().add(open);
                areaButtons.put(screen, open);
            }
            Label keys = new Label("Keys: Ctrl+1…9 areas · Ctrl+F search · Alt+← / Alt+→ back and forward · "
                    + "F5 refresh status · Esc closes a dialog");
            keys.getStyleClass().add("text-muted");
            keys.setWrapText(true);
            view = new VBox(14, title, about, areas, keys);
            view.setPadding(new Insets(32, 40, 32, 40));
            view.setId("homeScreen");
        }
        return view;
    }

    @Override
    public void show(Place place) {
        view();
        List<String> roles = session == null ? List.of() : session.rolesProperty().get();
        areaButtons.forEach((screen, button) -> {
            boolean offered = screen.offeredTo(roles);
            button.setVisible(offered);
            button.setManaged(offered);
        });
    }
}
