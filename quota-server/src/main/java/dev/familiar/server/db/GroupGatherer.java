package dev.familiar.server.db;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Takes the next group of a writer thread's queue: the first item (waiting up to {@code idle} for it), what has
 * queued behind it, and then, when the previous group showed that several requests arrive together, what keeps
 * arriving while items come at least every {@code gap}, for at most {@code window} in all (up to {@code max}).
 *
 * <p>Why: on an embedded H2 every commit writes the pages it changed, a cost per commit more than per row. A
 * writer that commits whatever is queued at once makes small groups under load; gathering while items keep
 * arriving makes the groups grow with the load, and a lone item, or the last of a burst, is not held: the gap ends
 * the gathering as soon as nothing more comes. Use it where nobody waits for the write (the usage journal's
 * applier, the token event log): for a writer whose callers wait for the commit, an A/B showed the wait costs more
 * than the larger groups save (docs/performance/ledger.md).
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

    /** A gatherer that never waits beyond the first item: what has queued behind it, up to {@code max}. */
    public static GroupGatherer immediate(int max) {
        return new GroupGatherer(max, java.time.Duration.ZERO, java.time.Duration.ZERO);
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
