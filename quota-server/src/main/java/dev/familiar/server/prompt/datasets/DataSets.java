package dev.familiar.server.prompt.datasets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.DataSetCheck;
import dev.familiar.model.prompt.DataSetList;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.server.prompt.PromptVersions;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Prompt Lab data sets: named rows of parameter values, shared by every engineer, checked against any version's
 * schema. The rules on names and sizes live here; the routes map the outcomes to HTTP. Thread-safe.
 */
public final class DataSets {
    /** Letters, digits, {@code _ . -}; at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final int MAX_ROWS = 1_000;
    public static final int MAX_DESCRIPTION = 1_000;
    public static final int MAX_LABEL = 200;

    /** What a check found. */
    public sealed interface CheckOutcome permits Checked, NotFound {
    }

    public record Checked(DataSetCheck check) implements CheckOutcome {
    }

    /** The data set, the function or its version does not exist. */
    public record NotFound(String message) implements CheckOutcome {
    }

    private final DataSetStore store;
    private final PromptVersions versions;
    private final RowChecker checker;
    private final Clock clock;

    public DataSets(DataSetStore store, PromptVersions versions, RowChecker checker, Clock clock) {
        this.store = store;
        this.versions = versions;
        this.checker = checker;
        this.clock = clock;
    }

    /**
     * The problems of a data set to be saved under {@code name}, by field ({@code name}, {@code description},
     * {@code rows}, {@code rows[3].values}, {@code rows[3].label}); empty when it may be saved.
     */
    public static Map<String, String> problems(String name, String description, List<DataSetRow> rows) {
        Map<String, String> out = new LinkedHashMap<>();
        if (name == null || !NAME.matcher(name).matches()) {
            out.put("name", "must be 1-64 letters, digits or _ . - characters");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            out.put("description", "must be at most " + MAX_DESCRIPTION + " characters long");
        }
        if (rows == null) {
            out.put("rows", "is required (a list of {label?, values} objects, at most " + MAX_ROWS + ")");
            return out;
        }
        if (rows.size() > MAX_ROWS) {
            out.put("rows", "must hold at most " + MAX_ROWS + " rows");
            return out;
        }
        for (int i = 0; i < rows.size(); i++) {
            DataSetRow row = rows.get(i);
            if (row == null) {
                out.put("rows[" + i + "]", "must be an object {label?, values}");
            } else {
                if (row.values() == null) {
                    out.put("rows[" + i + "].values", "is required: an object of parameter values");
                }
                if (row.label() != null && (row.label().isBlank() || row.label().length() > MAX_LABEL)) {
                    out.put("rows[" + i + "].label", "must be 1-" + MAX_LABEL + " characters long when given");
                }
            }
        }
        return out;
    }

    /** Creates or replaces a data set whose {@link #problems} are empty; answers whether it replaced one. */
    public boolean save(String name, String description, List<DataSetRow> rows, String by) throws SQLException {
        return store.save(name, description, List.copyOf(rows), by, clock.instant());
    }

    public Optional<DataSetView> find(String name) throws SQLException {
        return store.find(name);
    }

    public DataSetList list() throws SQLException {
        return new DataSetList(store.list());
    }

    public boolean delete(String name) throws SQLException {
        return store.delete(name);
    }

    /** Each row of {@code name} against {@code function@version}'s schema. */
    public CheckOutcome check(String name, String function, int version) throws SQLException {
        Optional<DataSetView> dataSet = store.find(name);
        if (dataSet.isEmpty()) {
            return new NotFound("No data set " + name);
        }
        Optional<PromptVersionView> found = versions.find(function, version);
        if (found.isEmpty()) {
            return new NotFound("No version " + version + " of the prompt function " + function);
        }
        return new Checked(check(dataSet.get(), found.get()));
    }

    /** Each row of {@code dataSet} against {@code version}'s schema (in row order). */
    public DataSetCheck check(DataSetView dataSet, PromptVersionView version) {
        List<ObjectNode> values = dataSet.rows().stream().map(DataSetRow::values).toList();
        List<List<ParameterProblem>> problems = checker.check(version, values);
        List<DataSetCheck.RowCheck> rows = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            rows.add(new DataSetCheck.RowCheck(i, dataSet.rows().get(i).label(), problems.get(i)));
        }
        return new DataSetCheck(dataSet.name(), version.function(), version.version(), rows);
    }
}
