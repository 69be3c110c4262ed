package dev.familiar.server.prompt.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.Json;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.DataSetCheck;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.observability.Redactor;
import dev.familiar.server.prompt.PromptVersions;
import dev.familiar.server.prompt.datasets.DataSets;
import dev.familiar.server.prompt.lab.IterationRunner;
import dev.familiar.server.worker.PollingThread;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches: a version run over every row of a data set, in the background, one row after the other through
 * {@link IterationRunner} (so each row is an ordinary stored iteration with its R&D ledger entry). Every row is
 * checked against the schema before anything runs; progress is written after each row; a cancel stops after the
 * row in flight; an R&D budget refusal stops the batch FAILED. Batches this server was running when it stopped, or
 * that a stopped server left RUNNING, end INTERRUPTED. Thread-safe; {@link #close()} once, when the server stops.
 */
public final class Batches implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Batches.class);
    private static final ObjectMapper MAPPER = Json.newMapper();
    static final String INTERRUPTED_MESSAGE = "The server stopped while the batch was running; the rows after the last "
            + "one done were not run";
    /** Later than any heartbeat (a timestamp every database stores; {@link Instant#MAX} is not one). */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

    /** What starting a batch did. */
    public sealed interface StartOutcome permits Started, NotFound, Invalid, Busy {
    }

    /** Accepted: RUNNING (queued or already on its first row). */
    public record Started(BatchView batch) implements StartOutcome {
    }

    public record NotFound(String message) implements StartOutcome, CancelOutcome {
    }

    /**
     * Rows (or the data set) do not fit the version: {@code fields} by row and parameter
     * ({@code rows[3].topic}), {@code rows} each offending row's problems; nothing ran.
     */
    public record Invalid(String message, Map<String, String> fields, List<DataSetCheck.RowCheck> rows)
            implements StartOutcome {
    }

    /** Too many batches are waiting on this server. */
    public record Busy(String message) implements StartOutcome {
    }

    /** What asking a batch to stop did. */
    public sealed interface CancelOutcome permits Cancelling, NotFound, Forbidden {
    }

    /** The batch as it is now: CANCELLED at once if it had not started, else RUNNING until its row in flight ends. */
    public record Cancelling(BatchView batch) implements CancelOutcome {
    }

    /** Only the engineer who started it or an ADMIN may stop a batch. */
    public record Forbidden(String message) implements CancelOutcome {
    }

    private final BatchStore store;
    private final DataSets dataSets;
    private final PromptVersions versions;
    private final IterationRunner runner;
    private final BatchSettings settings;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final PollingThread heartbeat;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public Batches(BatchStore store, DataSets dataSets, PromptVersions versions, IterationRunner runner,
                   BatchSettings settings, Clock clock) {
        this.store = store;
        this.dataSets = dataSets;
        this.versions = versions;
        this.runner = runner;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(settings.queueLimit()), task -> {
                    Thread t = new Thread(task, "prompt-batch-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.heartbeat = new PollingThread("prompt-batch-heartbeat", settings.heartbeat(), this::beat);
    }

    /**
     * Ends batches left RUNNING by a server that is gone, then starts the heartbeat. With {@code databaseIsOurs}
     * (an H2 file only this process opens) every RUNNING batch is such a leftover; on a shared database only those
     * whose heartbeat is older than {@link BatchSettings#staleAfter()} (the heartbeat finds later ones).
     */
    public Batches start(boolean databaseIsOurs) throws SQLException {
        Instant now = clock.instant();
        int interrupted = store.interruptStale(databaseIsOurs ? END_OF_TIME : now.minus(settings.staleAfter()),
                INTERRUPTED_MESSAGE, now);
        if (interrupted > 0) {
            LOG.warn("Prompt Lab: {} batch(es) left running by a stopped server are now INTERRUPTED", interrupted);
        }
        heartbeat.start();
        return this;
    }

    /** Whether a JDBC URL names a database only this process opens (an H2 file or memory database, not a TCP one). */
    public static boolean databaseIsOurs(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:tcp:") && !jdbcUrl.startsWith("jdbc:h2:ssl:");
    }

    /** Checks every row, then queues the batch. {@code request}'s fields have been validated for shape. */
    public StartOutcome start(Principal engineer, BatchRequest request) throws SQLException {
        Optional<PromptVersionView> version = versions.find(request.function(), request.version());
        if (version.isEmpty()) {
            return new NotFound("No version " + request.version() + " of the prompt function " + request.function());
        }
        Optional<DataSetView> dataSet = dataSets.find(request.dataSet());
        if (dataSet.isEmpty()) {
            return new NotFound("No data set " + request.dataSet());
        }
        List<DataSetRow> rows = dataSet.get().rows();
        if (rows.isEmpty()) {
            return new Invalid("The data set has no rows", Map.of("dataSet", "has no rows to run"), List.of());
        }
        DataSetCheck check = dataSets.check(dataSet.get(), version.get());
        Map<String, String> fields = new LinkedHashMap<>();
        List<DataSetCheck.RowCheck> offending = new ArrayList<>();
        for (DataSetCheck.RowCheck row : check.rows()) {
            if (!row.problems().isEmpty()) {
                offending.add(row);
                for (ParameterProblem p : row.problems()) {
                    fields.putIfAbsent("rows[" + row.row() + "]." + p.parameter(), p.problem() + ": " + p.message());
                }
            }
        }
        if (!offending.isEmpty()) {
            return new Invalid(offending.size() + " of " + rows.size() + " rows do not fit " + request.function() + "@"
                    + request.version() + "; nothing was run", fields, offending);
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        store.insert(new BatchStore.NewBatch(id, request.function(), request.version(), request.dataSet(),
                json(request.settings()), rows.size(), engineer.subject(), now));
        // the answer is the batch as stored before any row runs (a fast worker may finish before we read it again)
        BatchView accepted = store.find(id).orElseThrow();
        Job job = new Job(id, engineer, request, List.copyOf(rows));
        jobs.put(id, job);
        try {
            if (stopping) {
                throw new RejectedExecutionException("stopping");
            }
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            String why = stopping ? "The server is stopping" : "Too many batches are waiting on this server ("
                    + settings.queueLimit() + "); try again when some have finished";
            store.finish(id, "FAILED", why, clock.instant());
            return new Busy(why);
        }
        return new Started(accepted);
    }

    public Optional<BatchView> find(String id) throws SQLException {
        return store.find(id);
    }

    /** Asks {@code id} to stop after its row in flight (any server's batch: the flag is in the database). */
    public CancelOutcome cancel(Principal caller, String id) throws SQLException {
        Optional<String> starter = store.starterId(id);
        if (starter.isEmpty()) {
            return new NotFound("No batch " + id);
        }
        if (!caller.isAdmin() && !starter.get().equals(caller.subject())) {
            return new Forbidden("Only the engineer who started this batch, or an ADMIN, may cancel it");
        }
        if (store.requestCancel(id)) {
            Job job = jobs.get(id);
            if (job != null && job.cancelBeforeStart()) {
                jobs.remove(id);
                store.finish(id, "CANCELLED", null, clock.instant());
            }
        }
        return new Cancelling(store.find(id).orElseThrow());
    }

    /** Ids of the batches this server runs or has queued. */
    Set<String> local() {
        return Set.copyOf(jobs.keySet());
    }

    /**
     * Stops taking batches, waits {@link BatchSettings#stopGrace()} for the rows in flight, and ends every batch of
     * this server that has not finished as INTERRUPTED. Workers are not interrupted: a thread interrupted inside an H2
     * write closes the database file.
     */
    @Override
    public void close() {
        stopping = true;
        heartbeat.close();
        executor.shutdown();
        try {
            executor.awaitTermination(settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String id : local()) {
            try {
                store.finish(id, "INTERRUPTED", INTERRUPTED_MESSAGE, clock.instant());
            } catch (SQLException e) {
                LOG.error("Prompt Lab: cannot mark batch {} INTERRUPTED: {}", id, Redactor.redact(e.toString()));
            }
        }
        jobs.clear();
    }

    private void beat() throws SQLException {
        Instant now = clock.instant();
        store.heartbeat(local(), now);
        int interrupted = store.interruptStale(now.minus(settings.staleAfter()), INTERRUPTED_MESSAGE, now);
        if (interrupted > 0) {
            LOG.warn("Prompt Lab: {} batch(es) of a server that stopped answering are now INTERRUPTED", interrupted);
        }
    }

    private static String json(PromptSettings settings) {
        try {
            return settings == null ? null : MAPPER.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One batch's run: its rows (as they were when it started), one after the other. */
    private final class Job implements Runnable {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int CANCELLED = 2;

        private final String id;
        private final Principal engineer;
        private final BatchRequest request;
        private final List<DataSetRow> rows;
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Job(String id, Principal engineer, BatchRequest request, List<DataSetRow> rows) {
            this.id = id;
            this.engineer = engineer;
            this.request = request;
            this.rows = rows;
        }

        /** True when the job had not started and now never will. */
        boolean cancelBeforeStart() {
            return state.compareAndSet(QUEUED, CANCELLED);
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return;
            }
            int row = 0;
            try {
                boolean cancel = store.cancelRequested(id);
                for (; row < rows.size(); row++) {
                    if (stopping) {
                        end("INTERRUPTED", INTERRUPTED_MESSAGE);
                        return;
                    }
                    if (cancel) {
                        end("CANCELLED", null);
                        return;
                    }
                    IterationRunner.Outcome outcome = runner.run(engineer, new IterationRequest(request.function(),
                            request.version(), rows.get(row).values(), request.settings()), id, delta -> { });
                    if (outcome instanceof IterationRunner.Ran ran) {
                        IterationView it = ran.iteration();
                        BatchStore.Progress progress = store.recordRow(id, row, it.id(), "FAILED".equals(it.status()),
                                it.promptTokens(), it.completionTokens(), it.cost(), clock.instant());
                        if (!progress.running()) {
                            return; // ended elsewhere (interrupted as abandoned); nothing more to write
                        }
                        cancel = progress.cancelRequested();
                    } else if (outcome instanceof IterationRunner.BudgetExceeded budget) {
                        end("FAILED", budget.message());
                        return;
                    } else if (outcome instanceof IterationRunner.NotFound missing) {
                        end("FAILED", "Row " + row + ": " + missing.message());
                        return;
                    } else if (outcome instanceof IterationRunner.Invalid invalid) {
                        end("FAILED", "Row " + row + " was refused: " + invalid.problems().stream()
                                .map(p -> p.parameter() + " " + p.problem()).collect(Collectors.joining(", ")));
                        return;
                    }
                }
                end("COMPLETED", null); // a stop asked during the last row comes too late to skip anything
            } catch (Exception | Error e) {
                if (!stopping) {
                    LOG.error("Prompt Lab: batch {} failed on row {}: {}", id, row, Redactor.redact(e.toString()), e);
                }
                try {
                    end("FAILED", "Row " + row + " could not be run (an internal error; the server log has batch " + id + ")");
                } catch (Exception again) {
                    LOG.error("Prompt Lab: cannot end batch {}: {}", id, Redactor.redact(again.toString()));
                }
            } finally {
                jobs.remove(id);
            }
        }

        private void end(String status, String error) throws SQLException {
            store.finish(id, status, error, clock.instant());
        }
    }
}
