package dev.familiar.admin.concurrent;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * The JavaFX {@link BackgroundExecutor}: each piece of work is a {@link Task} on a small pool of daemon
 * threads, whose success and failure handlers JavaFX runs on the FX application thread. Thread-safe.
 */
public final class FxBackgroundExecutor implements BackgroundExecutor {
    /** Long enough for an embedded server that is half-way through starting to finish and be stopped. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("familiar-console-worker"));
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("familiar-console-ticker"));

    @Override
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        if (workers.isShutdown()) {
            return;
        }
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(event -> onSuccess.accept(task.getValue()));
        task.setOnFailed(event -> onFailure.accept(task.getException()));
        workers.execute(task);
    }

    @Override
    public void onUi(Runnable action) {
        if (!workers.isShutdown()) {
            Platform.runLater(action);
        }
    }

    @Override
    public Cancellable every(Duration period, Runnable tick) {
        long millis = period.toMillis();
        ScheduledFuture<?> future = ticker.scheduleWithFixedDelay(
                () -> Platform.runLater(tick), millis, millis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void shutdown() {
        ticker.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
