package dev.familiar.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GroupGathererTest {
    private final BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();

    @Test
    void nothingQueuedIsNoGroup() throws Exception {
        List<Integer> group = new ArrayList<>();

        assertThat(new GroupGatherer(8, Duration.ofSeconds(1), Duration.ofSeconds(1)).next(queue, group, 1,
                TimeUnit.MILLISECONDS)).isFalse();
        assertThat(group).isEmpty();
    }

    @Test
    @Timeout(10)
    void aLoneRequestIsTakenWithWhatQueuedBehindItAndNothingIsAwaited() throws Exception {
        GroupGatherer gatherer = new GroupGatherer(8, Duration.ofSeconds(30), Duration.ofSeconds(30));
        queue.addAll(List.of(1, 2, 3));
        List<Integer> group = new ArrayList<>();

        // no previous group: the gathering is off, so this returns at once although the gap is 30 s
        assertThat(gatherer.next(queue, group, 1, TimeUnit.SECONDS)).isTrue();

        assertThat(group).containsExactly(1, 2, 3);
    }

    @Test
    @Timeout(10)
    void afterAGroupOfOneTheNextIsNotAwaitedEither() throws Exception {
        GroupGatherer gatherer = new GroupGatherer(8, Duration.ofSeconds(30), Duration.ofSeconds(30));
        queue.add(1);
        gatherer.next(queue, new ArrayList<>(), 1, TimeUnit.SECONDS);
        queue.add(2);
        List<Integer> group = new ArrayList<>();

        assertThat(gatherer.next(queue, group, 1, TimeUnit.SECONDS)).isTrue();

        assertThat(group).containsExactly(2);
    }

    @Test
    @Timeout(10)
    void laterItemsJoinAGroupUntilItIsFull() throws Exception {
        GroupGatherer gatherer = loaded(new GroupGatherer(4, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        queue.add(1);
        Thread late = new Thread(() -> {
            try {
                for (int i = 2; i <= 6; i++) {
                    Thread.sleep(20);
                    queue.add(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        late.start();
        List<Integer> group = new ArrayList<>();

        assertThat(gatherer.next(queue, group, 1, TimeUnit.SECONDS)).isTrue();

        // 2, 3 and 4 arrived 20 ms apart, after the gatherer had taken 1: it waited for them, and stopped at 4
        assertThat(group).containsExactly(1, 2, 3, 4);
        late.join();
        assertThat(queue).containsExactly(5, 6);
    }

    @Test
    @Timeout(10)
    void theGapEndsTheGathering() throws Exception {
        GroupGatherer gatherer = loaded(new GroupGatherer(64, Duration.ofMillis(20), Duration.ofSeconds(30)));
        queue.add(1);
        List<Integer> group = new ArrayList<>();

        // nothing more comes: the 20 ms gap ends the call (the 30 s window would outlast the test's timeout)
        assertThat(gatherer.next(queue, group, 1, TimeUnit.SECONDS)).isTrue();

        assertThat(group).containsExactly(1);
    }

    @Test
    @Timeout(20)
    void theWindowEndsAGroupThatKeepsGrowing() throws Exception {
        GroupGatherer gatherer = loaded(new GroupGatherer(1_000_000, Duration.ofSeconds(30), Duration.ofMillis(200)));
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            int i = 1;
            while (feeding.get()) {
                queue.add(i++);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        feeder.start();
        List<Integer> group = new ArrayList<>();
        try {
            // an endless stream, each item within the 30 s gap: only the window ends this call
            assertThat(gatherer.next(queue, group, 5, TimeUnit.SECONDS)).isTrue();
        } finally {
            feeding.set(false);
            feeder.join();
        }
        // returning at all (within the test's timeout) is the point; and the window did gather
        assertThat(group.size()).isGreaterThan(1);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new GroupGatherer(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupGatherer(1, Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A gatherer whose previous group had two items: several requests arrive together, so it gathers. */
    private GroupGatherer loaded(GroupGatherer gatherer) throws InterruptedException {
        queue.addAll(List.of(0, 0));
        List<Integer> group = new ArrayList<>();
        gatherer.next(queue, group, 1, TimeUnit.SECONDS);
        assertThat(group).containsExactly(0, 0);
        return gatherer;
    }
}
