package dev.familiar.server.llm.quota;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for quota reservations: requests queue their reservation, one writer thread takes everything queued
 * (up to {@link #BATCH}) and decides it in one transaction ({@link QuotaStore#reserveAll}), then answers each. A
 * request waits only for the commit that includes it, and one commit serves many requests. A batch that fails (a
 * race with another server creating the same quota row, a deadlock victim) is retried one request at a time.
 *
 * <p>With a {@link QuotaBook} (one embedded server) the writer decides what the allowances cover in memory and
 * answers once the book's journal has the group; the rest goes to the database as above; between groups it lets the
 * book apply its journal to the rows (at most every {@link QuotaBook#FLUSH_AFTER_MILLIS} ms).
 */
public final class ReservationLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationLedger.class);
    static final int BATCH = 256;
    private static final long WAIT_SECONDS = 30;

    private record Pending(QuotaStore.Request request, CompletableFuture<Optional<Reservation>> result) {
    }

    private final QuotaStore store;
    private final QuotaBook book; // null: every reservation is decided in the database
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    public ReservationLedger(QuotaStore store) {
        this(store, null);
    }

    public ReservationLedger(QuotaStore store, QuotaBook book) {
        this.store = store;
        this.book = book;
        this.writer = new Thread(this::run, "token-reservations");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** The in-memory book deciding here (one embedded server), if any. */
    public Optional<QuotaBook> book() {
        return Optional.ofNullable(book);
    }

    /** Reserves, waiting for the batch commit; empty when the quota cannot cover it. */
    public Optional<Reservation> reserve(QuotaStore.Request request) throws SQLException {
        if (!running) {
            throw new SQLException("the reservation writer has stopped", "08003");
        }
        Pending p = new Pending(request, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.result().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reserving", e);
        } catch (TimeoutException e) {
            throw new SQLException("the reservation was not decided within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(book == null ? 100 : QuotaBook.FLUSH_AFTER_MILLIS / 4, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    if (book == null) {
                        decide(batch);
                    } else {
                        decideWithBook(batch);
                    }
                }
                if (book != null) {
                    flushBook();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** In memory what the allowances cover (answered once journalled), the rest in the database. */
    private void decideWithBook(List<Pending> batch) {
        QuotaBook.Decided decided;
        try {
            decided = book.decide(batch.stream().map(Pending::request).toList());
        } catch (SQLException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        List<Pending> rest = new ArrayList<>(decided.rest().size());
        for (int index : decided.rest()) {
            rest.add(batch.get(index));
        }
        for (int i = 0; i < batch.size(); i++) {
            if (decided.results().get(i).isPresent()) {
                batch.get(i).result().complete(decided.results().get(i));
            }
        }
        if (!rest.isEmpty()) {
            decide(rest);
        }
    }

    private void flushBook() {
        try {
            book.flushIfDue();
        } catch (SQLException e) {
            LOG.warn("Quota reservations could not be applied to the rows yet (they stay journalled): {}", e.getMessage());
        }
    }

    private void decide(List<Pending> batch) {
        try {
            List<Optional<Reservation>> results = reserveInDatabase(batch.stream().map(Pending::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (SQLException e) {
            if (batch.size() == 1) {
                retryAlone(batch.get(0), e);
                return;
            }
            LOG.info("A batch of {} reservations failed ({}); deciding them one by one", batch.size(), e.getMessage());
            for (Pending p : batch) {
                decide(List.of(p));
            }
        }
    }

    /** One request that failed on its own: a lost race on a new row succeeds the second time. */
    private void retryAlone(Pending p, SQLException first) {
        try {
            p.result().complete(reserveInDatabase(List.of(p.request())).get(0));
        } catch (SQLException again) {
            again.addSuppressed(first);
            p.result().completeExceptionally(again);
        }
    }

    /** Row locks; with a book, after it has applied its journal and with no decision of its own meanwhile. */
    private List<Optional<Reservation>> reserveInDatabase(List<QuotaStore.Request> requests) throws SQLException {
        return book == null ? store.reserveAll(requests) : book.exclusive(() -> store.reserveAll(requests));
    }

    /** Decides what is queued, then stops (never interrupted inside a database write). */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new SQLException("the server is stopping", "08003"));
        }
        if (book != null) {
            book.close(); // applies the journal to the rows
        }
    }
}
