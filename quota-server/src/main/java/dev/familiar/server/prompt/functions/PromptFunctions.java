package dev.familiar.server.prompt.functions;

import dev.familiar.model.prompt.ClassificationView;
import dev.familiar.model.prompt.FunctionHistory;
import dev.familiar.model.prompt.ImportResult;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptFunctionView;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.model.prompt.contract.ChangeClassifier;
import dev.familiar.model.prompt.contract.PromptTemplate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prompt functions and their immutable versions: create, read, classify, export and import (the way a desktop's
 * embedded server hands a function's history to the team's server). Every version's change class is computed
 * against the version before it, never declared. Thread-safe.
 */
public final class PromptFunctions {
    /** What a write did. */
    public sealed interface Outcome<T> {
    }

    public record Done<T>(T value) implements Outcome<T> {
    }

    /** The function (or a version it names) does not exist. */
    public record NotFound<T>(String message) implements Outcome<T> {
    }

    /** A function of that name exists, or an imported version differs from the stored one of the same number. */
    public record Conflict<T>(String message) implements Outcome<T> {
    }

    /** The version (or an imported one) is not acceptable: every problem, with the version it belongs to. */
    public record Invalid<T>(String message, List<ParameterProblem> problems) implements Outcome<T> {
    }

    private final PromptFunctionStore store;
    private final Clock clock;

    public PromptFunctions(PromptFunctionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Outcome<PromptFunctionView> create(String name, String description, String author) throws SQLException {
        PromptFunctionStore.FunctionRow row = new PromptFunctionStore.FunctionRow(name,
                description == null ? "" : description.strip(), author, clock.instant());
        if (!store.create(row)) {
            return new Conflict<>("A prompt function named " + name + " exists");
        }
        return new Done<>(store.views(List.of(row)).get(0));
    }

    public Optional<PromptFunctionView> view(String name) throws SQLException {
        Optional<PromptFunctionStore.FunctionRow> row = store.function(name);
        return row.isEmpty() ? Optional.empty() : Optional.of(store.views(List.of(row.get())).get(0));
    }

    /**
     * Stores the next version of {@code function} after checking its schema and template (every problem at once),
     * with its change class against the version before it.
     */
    public Outcome<PromptVersionView> createVersion(String function, String template, List<PromptParameter> parameters,
                                                    PromptSettings settings, String author) throws SQLException {
        List<ParameterProblem> problems = Contracts.problems(template, parameters);
        if (!problems.isEmpty()) {
            return new Invalid<>("The version's parameters or template have problems", problems);
        }
        Optional<PromptVersionView> created = store.locked(function, (c, f) -> {
            int latest = store.latestVersion(c, function);
            Optional<PromptVersionView> previous = latest == 0 ? Optional.empty() : store.version(c, function, latest);
            PromptVersionView v = stored(function, latest + 1, template, parameters, settings, previous, author,
                    clock.instant());
            store.insertVersion(c, v);
            // read back: the answer names its author by username
            return store.version(c, function, v.version()).orElseThrow();
        });
        return created.<Outcome<PromptVersionView>>map(Done::new)
                .orElseGet(() -> new NotFound<>("No prompt function " + function));
    }

    /**
     * How {@code version} differs from {@code against}, or from the active version of {@code major}, or (neither
     * given) from the version before it.
     */
    public Outcome<ClassificationView> classify(String function, int version, Integer against, Integer major)
            throws SQLException {
        Optional<PromptVersionView> newer = store.find(function, version);
        if (newer.isEmpty()) {
            return new NotFound<>("No version " + version + " of " + function);
        }
        Optional<PromptVersionView> older;
        if (major != null) {
            Optional<PromptFunctionStore.Deployed> active = store.deployed(function, major);
            if (active.isEmpty()) {
                return new NotFound<>(function + " has no active major " + major);
            }
            older = store.find(function, active.get().version());
        } else {
            int base = against != null ? against : version - 1;
            older = store.find(function, base);
            if (older.isEmpty()) {
                return new NotFound<>("No version " + base + " of " + function);
            }
        }
        ChangeClassifier.Classification c = Contracts.classify(older.orElseThrow(), newer.get());
        return new Done<>(new ClassificationView(function, older.get().version(), version, c.changeClass(), c.breaking(),
                c.changes()));
    }

    public Optional<FunctionHistory> export(String function) throws SQLException {
        Optional<PromptFunctionStore.FunctionRow> row = store.function(function);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FunctionHistory(function, row.get().description(), store.versions(function)));
    }

    /**
     * Imports a function's history: creates the function when absent; a version already stored with the same
     * content is left alone, one with other content is a conflict (nothing imported); the others are stored with
     * their author and time, their change class computed here. Version numbers must continue the stored ones
     * without a gap. An export names authors by username and the import stores that name as given (a blank one
     * becomes the importer's id): it is shown as it came, and the own-version approval rule, which compares user
     * ids, does not recognise an imported version's author as a local user.
     */
    public Outcome<ImportResult> importHistory(FunctionHistory history, String importer) throws SQLException {
        List<PromptVersionView> incoming = new ArrayList<>(history.versions());
        incoming.sort(Comparator.comparingInt(PromptVersionView::version));
        for (PromptVersionView v : incoming) {
            List<ParameterProblem> problems = Contracts.problems(v.template(), v.parameters());
            if (!problems.isEmpty()) {
                return new Invalid<>("Version " + v.version() + " has problems", problems);
            }
        }
        store.create(new PromptFunctionStore.FunctionRow(history.name(),
                history.description() == null ? "" : history.description().strip(), importer, clock.instant()));
        Optional<Outcome<ImportResult>> outcome = store.locked(history.name(), (c, f) -> importInto(c, history.name(),
                incoming, importer));
        return outcome.orElseGet(() -> new NotFound<>("No prompt function " + history.name()));
    }

    private Outcome<ImportResult> importInto(Connection c, String function, List<PromptVersionView> incoming,
                                             String importer) throws SQLException {
        Map<Integer, PromptVersionView> stored = new HashMap<>();
        for (PromptVersionView v : store.versions(c, function)) {
            stored.put(v.version(), v);
        }
        int latest = stored.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        int unchanged = 0;
        List<PromptVersionView> toAdd = new ArrayList<>();
        int next = latest;
        for (PromptVersionView v : incoming) {
            PromptVersionView existing = stored.get(v.version());
            if (existing != null) {
                if (!sameContent(existing, v)) {
                    return new Conflict<>("Version " + v.version() + " of " + function
                            + " exists here with other content; nothing was imported");
                }
                unchanged++;
            } else if (v.version() == next + 1) {
                toAdd.add(v);
                next = v.version();
            } else {
                return new Invalid<>("Version numbers must continue the stored ones without a gap",
                        List.of(new ParameterProblem("versions", "INVALID", "version " + v.version() + " of " + function
                                + " does not follow version " + next + "; nothing was imported")));
            }
        }
        Optional<PromptVersionView> previous = latest == 0 ? Optional.empty() : Optional.of(stored.get(latest));
        for (PromptVersionView v : toAdd) {
            PromptVersionView created = stored(function, v.version(), v.template(), v.parameters(), v.settings(),
                    previous, v.createdBy() == null || v.createdBy().isBlank() ? importer : v.createdBy(),
                    v.createdAt() == null ? clock.instant() : v.createdAt());
            store.insertVersion(c, created);
            previous = Optional.of(created);
        }
        return new Done<>(new ImportResult(function, toAdd.size(), unchanged));
    }

    private static boolean sameContent(PromptVersionView a, PromptVersionView b) {
        return a.template().equals(b.template())
                && Objects.equals(PromptFunctionStore.write(a.parameters()), PromptFunctionStore.write(b.parameters()))
                && Contracts.settings(a.settings()).equals(Contracts.settings(b.settings()));
    }

    private static PromptVersionView stored(String function, int number, String template,
                                            List<PromptParameter> parameters, PromptSettings settings,
                                            Optional<PromptVersionView> previous, String author,
                                            java.time.Instant at) {
        PromptVersionView draft = new PromptVersionView(function, number, template, PromptTemplate.parse(template).hash(),
                List.copyOf(parameters), Contracts.settings(settings), null, List.of(), author, at);
        if (previous.isEmpty()) {
            return draft;
        }
        ChangeClassifier.Classification c = Contracts.classify(previous.get(), draft);
        return new PromptVersionView(function, number, template, draft.templateHash(), draft.parameters(),
                draft.settings(), c.changeClass(), c.breaking(), author, at);
    }
}
