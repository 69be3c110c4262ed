package dev.familiar.admin.directory;

import java.time.Duration;
import javafx.animation.PauseTransition;

/** A {@link Debouncer} on the JavaFX timeline: the action runs on the UI thread after {@code quiet} without input. */
public final class FxDebouncer implements Debouncer {
    /** How long typing must pause before a search is sent. */
    public static final Duration SEARCH_QUIET = Duration.ofMillis(300);

    private final PauseTransition pause;
    private Runnable pending;

    public FxDebouncer(Duration quiet) {
        pause = new PauseTransition(javafx.util.Duration.millis(quiet.toMillis()));
        pause.setOnFinished(event -> {
            Runnable action = pending;
            pending = null;
            if (action != null) {
                action.run();
            }
        });
    }

    @Override
    public void run(Runnable action) {
        pending = action;
        pause.playFromStart();
    }

    @Override
    public void cancel() {
        pending = null;
        pause.stop();
    }
}
