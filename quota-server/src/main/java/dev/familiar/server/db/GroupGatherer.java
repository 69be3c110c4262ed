package dev.familiar.server.db;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Takes the next group of a writer thread's queue: the first item (waiting up to {@code idle} for it), what has
 * queued behind it, and then, when the previous group showed that several requests arrive together, what keeps
 * arriving while items come at least every {@code gap}, for at most {@code window} in all (up to {@code max}).
 *
 * <p>Why: on an embedded H2 every commit writes a chunk of the changed pages (~250 µs here, whatever the group's
 * size). A writer that commits whatever is queued at once makes small groups under load, and each small commit
 * takes CPU from the requests that would have filled the next group: the cost per event rises as the load does.
 * Waiting a little while requests are still arriving (PostgreSQL's {@code commit_delay} idea) makes the groups, and
 * so the events per commit, grow with the load; a single caller, or the last of a burst, does not wait: the gap
 * ends the gathering as soon as nothing more comes.
 */
public final class GroupGatherer {
    private final int max;
    private final long gapNanos;
    private final long windowNanos;
    private int previous;

    /**
     * @param max    the largest group
     * @param gap    how long to wait for one more item once the group has started
     * @param window the longest the gathering may add to the first item's wait
     */
    public GroupGatherer(int max, java.time.Duration gap, java.time.Duration window) {
        if (max < 1 || gap.isNegative() || window.isNegative()) {
            throw new IllegalArgumentException("max must be positive and the durations not negative");
        }
        this.max = max;
        this.gapNanos = gap.toNanos();
        this.windowNanos = window.toNanos();
    }

    /**
     * Moves the next group into {@code group} (which must be empty); returns false when nothing came within
     * {@code idle}. Called by one thread.
     */
    public <T> boolean next(BlockingQueue<T> queue, List<T> group, long idle, TimeUnit unit) throws InterruptedException {
        T first = queue.poll(idle, unit);
        if (first == null) {
            return false;
        }
        group.add(first);
        queue.drainTo(group, max - 1);
        if (previous > 1 && gapNanos > 0 && windowNanos > 0) {
            long deadline = System.nanoTime() + windowNanos;
            while (group.size() < max) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                T more = queue.poll(Math.min(left, gapNanos), TimeUnit.NANOSECONDS);
                if (more == null) {
                    break;
                }
                group.add(more);
                queue.drainTo(group, max - group.size());
            }
        }
        previous = group.size();
        return true;
    }
}
