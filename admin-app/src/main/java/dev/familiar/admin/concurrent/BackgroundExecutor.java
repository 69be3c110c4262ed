package dev.familiar.admin.concurrent;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs slow work (starting a server, calling it over HTTP) off the UI thread and hands the outcome
 * back on the UI thread. View models take this port so that their tests can run the work on the
 * test thread, step by step, without a screen; {@link FxBackgroundExecutor} is the JavaFX adapter.
 */
public interface BackgroundExecutor {

    /**
     * Runs {@code work} in the background, then exactly one of the callbacks on the UI thread while
     * the UI still runs. After {@link #shutdown()} new work is ignored.
     */
    <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Runs {@code action} on the UI thread soon (progress reports from background work); after shutdown, never. */
    void onUi(Runnable action);

    /** Calls {@code tick} on the UI thread every {@code period}, the first time after one period. */
    Cancellable every(Duration period, Runnable tick);

    /** Stops the periodic ticks and lets running work finish (for a bounded time); later submissions are ignored. */
    void shutdown();

    /** A periodic tick that can be stopped. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
