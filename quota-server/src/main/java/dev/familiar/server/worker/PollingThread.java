package dev.familiar.server.worker;

import dev.familiar.server.observability.Redactor;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that runs a piece of work every {@code poll}, or at once when {@link #nudge()}d. Nothing but
 * {@link #close()} ends it: a failure of the work is logged and the next round runs. Closing wakes it instead of
 * interrupting it (H2 closes its file when a thread is interrupted inside a write) and waits for the round in progress.
 */
public final class PollingThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollingThread.class);

    /** One round of work. */
    @FunctionalInterface
    public interface Round {
        void run() throws Exception;
    }

    private final Duration poll;
    private final Round round;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    public PollingThread(String name, Duration poll, Round round) {
        this.poll = poll;
        this.round = round;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    /** Starts the thread; call once the owner is fully built. */
    public PollingThread start() {
        thread.start();
        return this;
    }

    /** Work is waiting: run a round now rather than at the next poll. */
    public void nudge() {
        wake.release();
    }

    /** False once closing has begun: a round should stop taking new work. */
    public boolean running() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                round.run();
            } catch (Exception | Error e) {
                if (running) {
                    LOG.error("{}: {}", thread.getName(), Redactor.redact(e.toString()), e);
                }
            }
            try {
                wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        wake.release();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
