package dev.familiar.admin.testing;

import dev.familiar.admin.concurrent.BackgroundExecutor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A {@link BackgroundExecutor} that runs nothing until the test says so: {@link #runPending()} runs
 * the queued work and its callbacks on the test thread, {@link #tick()} fires the periodic ticks.
 * Lets a test look at the state while work is "in the background".
 */
public final class ManualExecutor implements BackgroundExecutor {
    private final Deque<Runnable> pending = new ArrayDeque<>();
    private final List<Runnable> ticks = new ArrayList<>();
    private final List<Duration> periods = new ArrayList<>();
    private boolean shutDown;

    @Override
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        if (shutDown) {
            return;
        }
        pending.add(() -> {
            T result;
            try {
                result = work.call();
            } catch (Exception e) {
                onFailure.accept(e);
                return;
            }
            onSuccess.accept(result);
        });
    }

    /** Work runs on the test thread already: UI actions run at once. */
    @Override
    public void onUi(Runnable action) {
        if (!shutDown) {
            action.run();
        }
    }

    @Override
    public Cancellable every(Duration period, Runnable tick) {
        ticks.add(tick);
        periods.add(period);
        return () -> ticks.remove(tick);
    }

    @Override
    public void shutdown() {
        shutDown = true;
        ticks.clear();
    }

    /** Runs queued work, including work queued by that work, until nothing is left. */
    public void runPending() {
        while (!pending.isEmpty()) {
            pending.poll().run();
        }
    }

    /** Runs only the oldest queued piece of work. */
    public void runNext() {
        pending.poll().run();
    }

    public int pendingCount() {
        return pending.size();
    }

    /** Fires every periodic tick once, as if a period had passed. */
    public void tick() {
        List.copyOf(ticks).forEach(Runnable::run);
    }

    public int activeTickCount() {
        return ticks.size();
    }

    public List<Duration> periods() {
        return List.copyOf(periods);
    }
}
