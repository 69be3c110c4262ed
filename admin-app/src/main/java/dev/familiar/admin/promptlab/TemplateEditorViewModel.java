package dev.familiar.admin.promptlab;

import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.model.prompt.contract.ParameterSchema;
import dev.familiar.model.prompt.contract.PromptTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The template editor without its nodes: the template text, the parameter schema as editable rows, and the model
 * settings. On every change it checks the template against the schema with the same code the server runs
 * ({@link ParameterSchema#problems(PromptTemplate)}): unknown placeholders and syntax problems are listed and
 * highlighted as the operator types, and each parameter row shows its own problem. {@link #toVersionCreate()} is what
 * "Save as new version" sends. UI thread only.
 */
public final class TemplateEditorViewModel {
    /** The response formats a version may ask for ("" leaves the provider's default). */
    public static final List<String> RESPONSE_FORMATS = List.of("", "text", "json_object");

    private final StringProperty template = new SimpleStringProperty("");
    private final ObservableList<ParameterRowViewModel> parameters =
            FXCollections.observableArrayList(ParameterRowViewModel::observables);
    private final ObservableList<ProviderChoice> providers = FXCollections.observableArrayList();
    private final ObjectProperty<ProviderChoice> provider = new SimpleObjectProperty<>();
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty temperature = new SimpleStringProperty("");
    private final StringProperty maxTokens = new SimpleStringProperty("");
    private final StringProperty system = new SimpleStringProperty("");
    private final StringProperty responseFormat = new SimpleStringProperty("");
    private final ObservableList<ParameterProblem> problems = FXCollections.observableArrayList();
    private final ObservableList<String> settingsProblems = FXCollections.observableArrayList();
    private final ObservableList<TemplateSegment> segments = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(false);
    private PromptVersionView base;
    private List<PromptParameter> baseParameters = List.of();

    public TemplateEditorViewModel() {
        template.addListener((obs, old, text) -> recheck());
        parameters.addListener((ListChangeListener<ParameterRowViewModel>) change -> recheck());
        for (StringProperty setting : List.of(model, temperature, maxTokens, system, responseFormat)) {
            setting.addListener((obs, old, value) -> checkSettings());
        }
        recheck();
    }

    /** Shows {@code version} (null: an empty editor for a function without versions), unchanged from it. */
    public void load(PromptVersionView version) {
        base = version;
        List<ParameterRowViewModel> rows = version == null ? List.of()
                : version.parameters().stream().map(ParameterRowViewModel::of).toList();
        // compared as the rows read them back, so an untouched version is never "changed"
        baseParameters = rows.stream().map(ParameterRowViewModel::toParameter).toList();
        PromptSettings settings = version == null || version.settings() == null ? PromptSettings.NONE
                : version.settings();
        parameters.setAll(rows);
        template.set(version == null ? "" : version.template());
        provider.set(settings.provider() == null ? null : choice(settings.provider()));
        model.set(blank(settings.model()));
        temperature.set(settings.temperature() == null ? "" : settings.temperature().toString());
        maxTokens.set(settings.maxTokens() == null ? "" : settings.maxTokens().toString());
        system.set(blank(settings.system()));
        responseFormat.set(blank(settings.responseFormat()));
        recheck();
    }

    /** The providers the server offers; a version naming another provider still shows it. */
    public void providersOffered(List<ProviderChoice> offered) {
        ProviderChoice chosen = provider.get();
        providers.setAll(offered);
        provider.set(chosen == null ? null : choice(chosen.name()));
    }

    private ProviderChoice choice(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseGet(() -> new ProviderChoice(name, null, false));
    }

    /** Adds a required string parameter named after the first undeclared placeholder, else {@code paramN}. */
    public ParameterRowViewModel addParameter() {
        Set<String> declared = parameters.stream().map(r -> r.nameProperty().get()).collect(Collectors.toSet());
        String name = problems.stream().filter(p -> "UNDECLARED_PLACEHOLDER".equals(p.problem()))
                .map(ParameterProblem::parameter).filter(n -> n != null && !declared.contains(n)).findFirst()
                .orElse(null);
        for (int n = parameters.size() + 1; name == null; n++) {
            if (!declared.contains("param" + n)) {
                name = "param" + n;
            }
        }
        ParameterRowViewModel row = new ParameterRowViewModel(name, ParameterType.STRING, true);
        parameters.add(row);
        return row;
    }

    public void removeParameter(ParameterRowViewModel row) {
        parameters.remove(row);
    }

    /** The schema as the rows say now. */
    public List<PromptParameter> currentParameters() {
        return parameters.stream().map(ParameterRowViewModel::toParameter).toList();
    }

    /** The settings as entered; blank fields are null (the provider's default). */
    public PromptSettings settings() {
        return new PromptSettings(provider.get() == null ? null : provider.get().name(), nullIfBlank(model.get()),
                parseDouble(temperature.get()), parseInt(maxTokens.get()), nullIfBlank(system.get()),
                nullIfBlank(responseFormat.get()));
    }

    /** What "Save as new version" sends. */
    public PromptVersionCreate toVersionCreate() {
        return new PromptVersionCreate(template.get(), currentParameters(), settings());
    }

    /** Whether the template or the schema differ from the version shown (running needs a stored version). */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /** True when the editor may be saved: no schema, template or settings problem. */
    public boolean isValid() {
        return problems.isEmpty() && settingsProblems.isEmpty();
    }

    /**
     * Shows the problems the server answered for a version it refused (400), each on its parameter's row; answers
     * whether any named a parameter of the table.
     */
    public boolean showServerProblems(List<ParameterProblem> refused) {
        problems.setAll(refused);
        return markRows(refused);
    }

    private void recheck() {
        List<PromptParameter> schema = currentParameters();
        PromptTemplate parsed;
        List<ParameterProblem> found;
        try {
            parsed = PromptTemplate.parse(template.get());
            found = ParameterSchema.of(schema).problems(parsed);
        } catch (RuntimeException checkerUnavailable) {
            // the server checks again on save; an editor without a checker still edits
            segments.setAll(TemplateSegment.text(template.get()));
            problems.clear();
            parameters.forEach(row -> row.problemProperty().set(""));
            updateDirty(schema);
            return;
        }
        problems.setAll(found);
        markRows(found);
        segments.setAll(segments(parsed, schema));
        updateDirty(schema);
    }

    private boolean markRows(List<ParameterProblem> found) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (ParameterProblem p : found) {
            if (p.parameter() != null && !"UNDECLARED_PLACEHOLDER".equals(p.problem()) && !isSyntax(p)) {
                byName.merge(p.parameter(), p.message(), (a, b) -> a + "; " + b);
            }
        }
        boolean any = false;
        for (ParameterRowViewModel row : parameters) {
            String problem = byName.get(row.nameProperty().get() == null ? "" : row.nameProperty().get().strip());
            row.problemProperty().set(problem == null ? "" : problem);
            any |= problem != null;
        }
        return any;
    }

    /** A template syntax problem names the template, not a parameter (even one called "template"). */
    private static boolean isSyntax(ParameterProblem p) {
        return "template".equals(p.parameter()) && p.message() != null && p.message().startsWith("template at");
    }

    private void updateDirty(List<PromptParameter> schema) {
        dirty.set(base == null || !Objects.equals(base.template(), template.get())
                || !baseParameters.equals(schema));
    }

    /** The template cut into plain text, declared and undeclared placeholders, and syntax problems, in order. */
    static List<TemplateSegment> segments(PromptTemplate parsed, List<PromptParameter> schema) {
        Set<String> declared = schema.stream().map(PromptParameter::name).collect(Collectors.toSet());
        record Span(int start, int length, TemplateSegment.Kind kind, String message) {
        }
        List<Span> spans = new ArrayList<>();
        parsed.placeholders().forEach(p -> spans.add(new Span(p.start(), p.length(), declared.contains(p.name())
                ? TemplateSegment.Kind.PLACEHOLDER : TemplateSegment.Kind.UNKNOWN_PLACEHOLDER,
                declared.contains(p.name()) ? null : "no parameter " + p.name() + " is declared")));
        parsed.problems().forEach(p -> spans.add(new Span(p.start(), Math.max(1, p.length()),
                TemplateSegment.Kind.PROBLEM, p.message())));
        spans.sort(Comparator.comparingInt(Span::start));
        String text = parsed.text();
        List<TemplateSegment> out = new ArrayList<>();
        int at = 0;
        for (Span span : spans) {
            if (span.start() < at || span.start() >= text.length()) {
                continue; // overlapping or past the end: the first span found wins
            }
            if (span.start() > at) {
                out.add(TemplateSegment.text(text.substring(at, span.start())));
            }
            int end = Math.min(text.length(), span.start() + span.length());
            out.add(new TemplateSegment(text.substring(span.start(), end), span.kind(), span.message()));
            at = end;
        }
        if (at < text.length()) {
            out.add(TemplateSegment.text(text.substring(at)));
        }
        return out;
    }

    private void checkSettings() {
        List<String> found = new ArrayList<>();
        String t = temperature.get();
        if (t != null && !t.isBlank()) {
            Double value = parseDouble(t);
            if (value == null || value < 0 || value > 2) {
                found.add("temperature: a number from 0 to 2");
            }
        }
        String m = maxTokens.get();
        if (m != null && !m.isBlank()) {
            Integer value = parseInt(m);
            if (value == null || value < 1 || value > 100_000) {
                found.add("max tokens: a whole number from 1 to 100,000");
            }
        }
        settingsProblems.setAll(found);
    }

    private static Double parseDouble(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer parseInt(String text) {
        if (text == null || text.isBlank() || !text.strip().matches("\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(text.strip());
    }

    private static String nullIfBlank(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String blank(String text) {
        return text == null ? "" : text;
    }

    // ---- properties ----

    public StringProperty templateProperty() {
        return template;
    }

    public ObservableList<ParameterRowViewModel> parameters() {
        return parameters;
    }

    /** Schema and template problems now: unknown placeholders, syntax, invalid parameters. */
    public ObservableList<ParameterProblem> problems() {
        return problems;
    }

    /** Out-of-range temperature or max tokens. */
    public ObservableList<String> settingsProblems() {
        return settingsProblems;
    }

    /** The template cut for the highlighted preview. */
    public ObservableList<TemplateSegment> segments() {
        return segments;
    }

    public ObservableList<ProviderChoice> providers() {
        return providers;
    }

    public ObjectProperty<ProviderChoice> providerProperty() {
        return provider;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    public StringProperty maxTokensProperty() {
        return maxTokens;
    }

    public StringProperty systemProperty() {
        return system;
    }

    /** "", "text" or "json_object". */
    public StringProperty responseFormatProperty() {
        return responseFormat;
    }
}
