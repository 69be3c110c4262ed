package dev.familiar.admin.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.testing.ManualExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskScopeTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final ActivityMonitor activity = new ActivityMonitor();
    private final TaskScope scope = new TaskScope(executor, activity);
    private final List<Object> delivered = new ArrayList<>();

    @Test
    void aFinishedTaskDeliversItsResultAndLeavesTheActivityList() {
        TaskHandle handle = scope.run("Loading plans", progress -> "plans", delivered::add, delivered::add);

        assertThat(scope.busyProperty().get()).isTrue();
        assertThat(activity.latestProperty().get()).isSameAs(handle);
        executor.runPending();

        assertThat(delivered).containsExactly("plans");
        assertThat(handle.state()).isEqualTo(TaskHandle.State.SUCCEEDED);
        assertThat(scope.busyProperty().get()).isFalse();
        assertThat(activity.latestProperty().get()).isNull();
    }

    @Test
    void aCancelledTaskNeverDeliversItsLateResultOrFailure() {
        TaskHandle ok = scope.run("a", progress -> "late", delivered::add, delivered::add);
        TaskHandle failing = scope.run("b", progress -> {
            throw new IllegalStateException("late failure");
        }, delivered::add, delivered::add);

        ok.cancel();
        failing.cancel();
        executor.runPending();

        assertThat(delivered).isEmpty();
        assertThat(ok.state()).isEqualTo(TaskHandle.State.CANCELLED);
        assertThat(failing.state()).isEqualTo(TaskHandle.State.CANCELLED);
        assertThat(activity.running()).isEmpty();
    }

    @Test
    void cancelAllEndsEveryRunningTaskOfTheScopeOnly() {
        TaskScope other = new TaskScope(executor, activity);
        scope.run("mine", progress -> 1, delivered::add, delivered::add);
        other.run("theirs", progress -> 2, delivered::add, delivered::add);

        scope.cancelAll();
        executor.runPending();

        assertThat(delivered).containsExactly(2);
    }

    @Test
    void workSeesItsCancellationAndReportsProgress() {
        List<Boolean> seen = new ArrayList<>();
        TaskHandle[] handle = new TaskHandle[1];
        handle[0] = scope.run("Importing", progress -> {
            progress.update(1, 4, "1 of 4");
            seen.add(progress.isCancelled());
            assertThat(handle[0].progressProperty().get()).isEqualTo(0.25);
            assertThat(handle[0].messageProperty().get()).isEqualTo("1 of 4");
            handle[0].cancel();
            seen.add(progress.isCancelled());
            return null;
        }, delivered::add, delivered::add);

        executor.runPending();

        assertThat(seen).containsExactly(false, true);
        assertThat(delivered).isEmpty();
    }

    @Test
    void cancellingInterruptsAWorkerBlockedInACall() throws Exception {
        var pool = Executors.newSingleThreadExecutor();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        BackgroundExecutor threaded = new BackgroundExecutor() {
            @Override
            public <T> void submit(java.util.concurrent.Callable<T> work, java.util.function.Consumer<? super T> ok,
                                   java.util.function.Consumer<? super Throwable> failed) {
                pool.execute(() -> {
                    try {
                        ok.accept(work.call());
                    } catch (Exception e) {
                        failed.accept(e);
                    }
                });
            }

            @Override
            public void onUi(Runnable action) {
                action.run();
            }

            @Override
            public Cancellable every(java.time.Duration period, Runnable tick) {
                return () -> { };
            }

            @Override
            public void shutdown() {
                pool.shutdownNow();
            }
        };
        TaskHandle handle = new TaskScope(threaded, activity).run("slow call", progress -> {
            blocked.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "too late";
        }, delivered::add, delivered::add);

        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        handle.cancel();

        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the worker was interrupted").isTrue();
        threaded.shutdown();
        assertThat(delivered).isEmpty();
    }

    @Test
    void theActivityMonitorCancelsTheNewestTask() {
        TaskHandle first = scope.run("first", progress -> 1, delivered::add, delivered::add);
        TaskHandle second = scope.run("second", progress -> 2, delivered::add, delivered::add);

        activity.cancelLatest();

        assertThat(second.isCancelled()).isTrue();
        assertThat(first.isCancelled()).isFalse();
        assertThat(activity.latestProperty().get()).isSameAs(first);
        executor.runPending();
        assertThat(delivered).containsExactly(1);
    }
}
