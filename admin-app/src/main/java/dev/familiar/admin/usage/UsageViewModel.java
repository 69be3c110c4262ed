package dev.familiar.admin.usage;

import dev.familiar.admin.concurrent.Progress;
import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorReport;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.model.dashboard.Anomalies;
import dev.familiar.model.dashboard.Anomaly;
import dev.familiar.model.dashboard.CostAllocation;
import dev.familiar.model.dashboard.CostRow;
import dev.familiar.model.dashboard.DashboardQuery;
import dev.familiar.model.dashboard.TokenDay;
import dev.familiar.model.dashboard.TokenSeries;
import dev.familiar.model.dashboard.TopUser;
import dev.familiar.model.dashboard.TopUsers;
import dev.familiar.model.dashboard.UsageSeries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Usage screen without its nodes: a period of UTC days (from/to, presets of 7, 30 and 90 days ending today,
 * checked: from ≤ to, at most {@link #MAX_SPAN_DAYS} days), an organisation (all: the platform) and a provider; the
 * chart series built from the dashboard rows ({@link UsageCharts}), the anomalies, the top users and the cost
 * allocation; and CSV export of each of them ({@link Csv}, to a file chosen through {@link CsvFileChooser}).
 *
 * <p>Loading the five dashboard routes is one background task with progress and Cancel; a filter changed while it
 * runs starts a new load and cancels the old one (its late answer is dropped by the {@link TaskScope}). A route that
 * fails leaves its panel empty with its error and the other panels filled; when all fail, the error dialog shows the
 * server's message and request id. UI thread only.
 */
public final class UsageViewModel {
    /** The longest period the dashboard routes answer (the server refuses a longer one with 400). */
    public static final int MAX_SPAN_DAYS = 366;
    /** The longest period the anomalies, cost and all-organisation usage routes answer. */
    public static final int MAX_DETAIL_SPAN_DAYS = 92;
    /** The longest period the top users route answers. */
    public static final int MAX_TOP_USERS_SPAN_DAYS = 31;
    public static final int DEFAULT_DAYS = 30;
    public static final List<Integer> PRESETS = List.of(7, 30, 90);
    public static final String ALL_PROVIDERS = "All providers";
    static final int TOP_USERS = 10;
    static final int ORGANISATIONS = 50;
    static final int PARTS = 5;

    private final Supplier<UsageApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final CsvFileChooser files;
    private final Clock clock;

    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper rangeProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper rangeValid = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<OrganisationChoice> organisations =
            FXCollections.observableArrayList(OrganisationChoice.ALL);
    private final ObjectProperty<OrganisationChoice> organisation = new SimpleObjectProperty<>(OrganisationChoice.ALL);
    private final StringProperty organisationSearch = new SimpleStringProperty("");
    private final ObservableList<String> providers = FXCollections.observableArrayList(ALL_PROVIDERS);
    private final ObjectProperty<String> provider = new SimpleObjectProperty<>(ALL_PROVIDERS);

    private final ReadOnlyObjectWrapper<List<ChartSeries>> allowedDenied = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<List<ChartSeries>> perProvider = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<List<ChartSeries>> productRnd = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<List<ChartSeries>> metered = new ReadOnlyObjectWrapper<>(List.of());
    private final ObservableList<AnomalyItemViewModel> anomalies = FXCollections.observableArrayList();
    private final ObservableList<TopUserItemViewModel> topUsers = FXCollections.observableArrayList();
    private final ObservableList<CostItemViewModel> cost = FXCollections.observableArrayList();

    private final ReadOnlyStringWrapper tokensError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper usageError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper anomaliesError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper topUsersError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper costError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper shownPeriod = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);

    private final Set<String> knownProviders = new TreeSet<>();
    private final Map<String, String> organisationNames = new HashMap<>();
    private TaskHandle load;
    private boolean applying;
    private boolean started;
    /** The filter of the data shown (exports name it). */
    private DashboardQuery shown;

    public UsageViewModel(Supplier<UsageApi> api, TaskScope tasks, DialogService dialogs, CsvFileChooser files) {
        this(api, tasks, dialogs, files, Clock.systemUTC());
    }

    UsageViewModel(Supplier<UsageApi> api, TaskScope tasks, DialogService dialogs, CsvFileChooser files,
                   Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.files = Objects.requireNonNull(files, "files");
        this.clock = Objects.requireNonNull(clock, "clock");
        LocalDate today = today();
        from.set(today.minusDays(DEFAULT_DAYS - 1L));
        to.set(today);
        validate();
        from.addListener((obs, old, now) -> filterChanged());
        to.addListener((obs, old, now) -> filterChanged());
        organisation.addListener((obs, old, now) -> {
            if (now == null) {
                organisation.set(OrganisationChoice.ALL); // the picker cleared: the platform
                return;
            }
            filterChanged();
        });
        provider.addListener((obs, old, now) -> {
            if (now == null) {
                provider.set(ALL_PROVIDERS);
                return;
            }
            filterChanged();
        });
    }

    // ---- the screen ----

    /**
     * Shows the screen with fresh data for the filter in force ({@code usage}), or for one organisation
     * ({@code usage/{orgId}}). The organisations to pick from are loaded on the first visit.
     */
    public void load(Place place) {
        String orgId = place.args().isEmpty() ? null : place.arg(0);
        if (!started) {
            started = true;
            searchOrganisations();
        }
        if (orgId != null && !orgId.equals(organisation.get().orgId())) {
            applying = true;
            try {
                organisation.set(choiceFor(orgId));
            } finally {
                applying = false;
            }
        }
        reload();
    }

    /** Loads the five panels for the filter in force, cancelling a load still running. */
    public void reload() {
        cancelLoad();
        if (!validate()) {
            return;
        }
        DashboardQuery query = query();
        loading.set(true);
        message.set("");
        load = tasks.run("Loading usage " + from.get() + " to " + to.get(), progress -> fetch(query, progress),
                loaded -> {
                    loading.set(false);
                    show(query, loaded);
                },
                failure -> {
                    loading.set(false);
                    dialogs.show(ErrorRequest.of("Could not load usage", failure));
                });
        load.stateProperty().addListener((obs, old, state) -> {
            if (state == TaskHandle.State.CANCELLED) {
                loading.set(false);
            }
        });
    }

    /** Cancels the running load (the panels keep what they showed). */
    public void cancelLoad() {
        if (load != null) {
            load.cancel();
            load = null;
        }
        loading.set(false);
    }

    /** The period of the last {@code days} days, today included. */
    public void applyPreset(int days) {
        LocalDate today = today();
        applying = true;
        try {
            to.set(today);
            from.set(today.minusDays(days - 1L));
        } finally {
            applying = false;
        }
        filterChanged();
    }

    /** The organisations whose name starts with the search text (all of the first ones when blank). */
    public void searchOrganisations() {
        String search = organisationSearch.get() == null || organisationSearch.get().isBlank() ? null
                : organisationSearch.get().trim();
        tasks.run("Finding organisations", progress -> api.get().organisations(search, ORGANISATIONS), found -> {
            List<OrganisationChoice> choices = new ArrayList<>();
            choices.add(OrganisationChoice.ALL);
            for (UsageApi.Organisation o : found) {
                organisationNames.put(o.orgId(), o.name());
                choices.add(new OrganisationChoice(o.orgId(), o.name()));
            }
            OrganisationChoice current = organisation.get();
            if (!current.isAll() && choices.stream().noneMatch(c -> current.orgId().equals(c.orgId()))) {
                choices.add(1, current); // the one in force stays pickable
            }
            organisations.setAll(choices);
            if (!current.isAll() && current.name().equals(current.orgId())
                    && organisationNames.containsKey(current.orgId())) {
                applying = true;
                try {
                    organisation.set(choiceFor(current.orgId())); // named now
                } finally {
                    applying = false;
                }
            }
        }, failure -> dialogs.show(ErrorRequest.of("Could not list the organisations", failure)));
    }

    private OrganisationChoice choiceFor(String orgId) {
        return new OrganisationChoice(orgId, organisationNames.getOrDefault(orgId, orgId));
    }

    private void filterChanged() {
        if (applying) {
            return;
        }
        if (validate()) {
            if (started) {
                reload();
            }
        } else {
            cancelLoad();
        }
    }

    /** Checks the period: both days, from ≤ to, at most {@link #MAX_SPAN_DAYS}. */
    private boolean validate() {
        String problem = rangeProblem(from.get(), to.get());
        rangeProblem.set(problem);
        rangeValid.set(problem.isEmpty());
        return problem.isEmpty();
    }

    /** Why a period cannot be shown ("" when it can). */
    public static String rangeProblem(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            return "Choose the first and the last day";
        }
        if (from.isAfter(to)) {
            return "The first day must be on or before the last day";
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_SPAN_DAYS) {
            return "At most " + MAX_SPAN_DAYS + " days (this period has " + days + ")";
        }
        return "";
    }

    /** The dashboard filter in force. */
    public DashboardQuery query() {
        String p = provider.get();
        return new DashboardQuery(from.get(), to.get(), organisation.get().orgId(),
                p == null || ALL_PROVIDERS.equals(p) ? null : p);
    }

    // ---- loading ----

    /** One route's answer, or why it failed. */
    record Part<T>(T value, Throwable failure) {
        boolean failed() {
            return failure != null;
        }
    }

    /** What the five routes answered. */
    record Loaded(Part<TokenSeries> tokens, Part<UsageSeries> usage, Part<Anomalies> anomalies,
                  Part<TopUsers> topUsers, Part<CostAllocation> cost) {
        List<Part<?>> all() {
            return List.of(tokens, usage, anomalies, topUsers, cost);
        }
    }

    private Loaded fetch(DashboardQuery query, Progress progress) {
        UsageApi usageApi = api.get();
        // Metered usage has metrics, not providers: the provider filter does not apply to it.
        DashboardQuery usageQuery = new DashboardQuery(query.from(), query.to(), query.orgId(), null);
        long days = ChronoUnit.DAYS.between(query.from(), query.to()) + 1;
        boolean detail = days <= MAX_DETAIL_SPAN_DAYS;
        progress.update(0, PARTS, "Loading token attempts");
        Part<TokenSeries> tokens = part(progress, () -> usageApi.tokens(query));
        progress.update(1, PARTS, "Loading metered usage");
        Part<UsageSeries> usage = detail || query.orgId() != null ? part(progress, () -> usageApi.usage(usageQuery))
                : new Part<>(null, new PeriodTooLong("Metered usage of all organisations covers at most "
                + MAX_DETAIL_SPAN_DAYS + " days (one organisation: " + MAX_SPAN_DAYS + ")"));
        progress.update(2, PARTS, "Loading anomalies");
        Part<Anomalies> found = detail ? part(progress, () -> usageApi.anomalies(usageQuery))
                : new Part<>(null, new PeriodTooLong("Anomalies cover at most " + MAX_DETAIL_SPAN_DAYS + " days"));
        progress.update(3, PARTS, "Loading top users");
        Part<TopUsers> top = days <= MAX_TOP_USERS_SPAN_DAYS ? part(progress, () -> usageApi.topUsers(query, TOP_USERS))
                : new Part<>(null, new PeriodTooLong("Top users cover at most " + MAX_TOP_USERS_SPAN_DAYS + " days"));
        progress.update(4, PARTS, "Loading cost allocation");
        Part<CostAllocation> costs = detail ? part(progress, () -> usageApi.cost(usageQuery))
                : new Part<>(null, new PeriodTooLong("The cost allocation covers at most " + MAX_DETAIL_SPAN_DAYS
                + " days"));
        progress.update(PARTS, PARTS, "Usage loaded");
        return new Loaded(tokens, usage, found, top, costs);
    }

    private static <T> Part<T> part(Progress progress, Callable<T> call) {
        progress.checkCancelled();
        try {
            T value = call.call();
            progress.checkCancelled();
            return new Part<>(value, null);
        } catch (CancellationException e) {
            throw e;
        } catch (Exception e) {
            progress.checkCancelled(); // an interrupted call is a cancel, not a panel's failure
            return new Part<>(null, e);
        }
    }

    private void show(DashboardQuery query, Loaded loaded) {
        shown = query;
        LocalDate first = query.from();
        LocalDate last = query.to();
        shownPeriod.set(first + " to " + last + " · " + organisation.get().name()
                + (query.provider() == null ? "" : " · " + query.provider()));
        if (!loaded.cost().failed()) {
            loaded.cost().value().rows().forEach(r -> {
                if (r.orgName() != null) {
                    organisationNames.put(r.orgId(), r.orgName());
                }
                knownProviders.add(r.provider());
            });
        }
        List<Anomaly> marks = loaded.anomalies().failed() ? List.of() : loaded.anomalies().value().items().stream()
                .filter(a -> query.provider() == null || query.provider().equals(a.provider())).toList();

        if (loaded.tokens().failed()) {
            tokensError.set(problem("token attempts", loaded.tokens().failure()));
            allowedDenied.set(List.of());
            perProvider.set(List.of());
            productRnd.set(List.of());
            summary.set("");
        } else {
            tokensError.set("");
            List<TokenDay> rows = loaded.tokens().value().days();
            knownProviders.addAll(UsageCharts.providers(rows));
            allowedDenied.set(UsageCharts.allowedVsDenied(first, last, rows));
            perProvider.set(UsageCharts.perProvider(first, last, rows, marks));
            productRnd.set(UsageCharts.productVsRnd(first, last, rows));
            summary.set(summaryOf(rows));
        }
        if (loaded.usage().failed()) {
            usageError.set(problem("metered usage", loaded.usage().failure()));
            metered.set(List.of());
        } else {
            usageError.set("");
            metered.set(UsageCharts.metered(first, last, loaded.usage().value().days()));
        }
        if (loaded.anomalies().failed()) {
            anomaliesError.set(problem("anomalies", loaded.anomalies().failure()));
            anomalies.clear();
        } else {
            anomaliesError.set("");
            anomalies.setAll(marks.stream().map(a -> new AnomalyItemViewModel(a.day(), nameOf(a.orgId()), a.orgId(),
                    a.provider(), a.tokens(), a.baseline(), a.ratio())).toList());
        }
        if (loaded.topUsers().failed()) {
            topUsersError.set(problem("top users", loaded.topUsers().failure()));
            topUsers.clear();
        } else {
            topUsersError.set("");
            List<TopUser> items = loaded.topUsers().value().items();
            List<TopUserItemViewModel> rows = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                TopUser u = items.get(i);
                rows.add(new TopUserItemViewModel(i + 1, u.userId(), u.username() == null ? u.userId() : u.username(),
                        nameOf(u.orgId()), u.orgId(), u.allowedTokens(), u.events(), u.deniedEvents()));
            }
            topUsers.setAll(rows);
        }
        if (loaded.cost().failed()) {
            costError.set(problem("cost allocation", loaded.cost().failure()));
            cost.clear();
        } else {
            costError.set("");
            cost.setAll(costItems(loaded.cost().value()));
        }
        refreshProviders();
        long failed = loaded.all().stream().filter(p -> p.failed() && !(p.failure() instanceof PeriodTooLong))
                .count();
        if (failed == PARTS) {
            dialogs.show(ErrorRequest.of("Could not load usage", loaded.tokens().failure()));
        }
    }

    private void refreshProviders() {
        List<String> choices = new ArrayList<>();
        choices.add(ALL_PROVIDERS);
        choices.addAll(knownProviders);
        String current = provider.get();
        if (!choices.contains(current)) {
            choices.add(current);
        }
        if (!choices.equals(providers)) {
            applying = true;
            try {
                providers.setAll(choices);
                provider.set(current); // a picker may have cleared its value with its items
            } finally {
                applying = false;
            }
        }
    }

    private String nameOf(String orgId) {
        return orgId == null ? "" : organisationNames.getOrDefault(orgId, orgId);
    }

    /** A panel not asked for: its route takes a shorter period than the one chosen. */
    static final class PeriodTooLong extends RuntimeException {
        PeriodTooLong(String bound) {
            super(bound + ": choose a shorter period to see it");
        }
    }

    private static String problem(String what, Throwable failure) {
        if (failure instanceof PeriodTooLong tooLong) {
            return tooLong.getMessage();
        }
        return "Could not load " + what + ": " + ErrorReport.of(failure).message();
    }

    /** "Allowed 12,345 tokens in 120 attempts · denied 1 attempt (3,000 tokens) · R&D 1,000 tokens". */
    static String summaryOf(List<TokenDay> rows) {
        long allowedTokens = 0;
        long allowedEvents = 0;
        long denied = 0;
        long deniedTokens = 0;
        long rnd = 0;
        for (TokenDay row : rows) {
            allowedTokens += row.allowedTokens();
            allowedEvents += row.allowedEvents();
            denied += row.rateLimitedEvents() + row.noQuotaEvents() + row.providerFailedEvents();
            deniedTokens += row.deniedTokens();
            if (UsageCharts.isRnd(row)) {
                rnd += row.allowedTokens();
            }
        }
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.ROOT);
        n.setGroupingUsed(true);
        return "Allowed " + n.format(allowedTokens) + " tokens in " + attempts(n, allowedEvents) + " · denied "
                + attempts(n, denied) + " (" + n.format(deniedTokens) + " tokens) · R&D " + n.format(rnd) + " tokens";
    }

    private static String attempts(NumberFormat n, long count) {
        return n.format(count) + (count == 1 ? " attempt" : " attempts");
    }

    private static List<CostItemViewModel> costItems(CostAllocation allocation) {
        List<CostItemViewModel> items = new ArrayList<>();
        String currency = allocation.currency();
        for (CostRow r : allocation.rows()) {
            items.add(new CostItemViewModel(CostItemViewModel.Kind.ROW, r.orgName() == null ? r.orgId() : r.orgName(),
                    r.orgId(), r.provider(), r.tokens(), r.pricePerToken(), r.cost(), currency));
        }
        items.add(new CostItemViewModel(CostItemViewModel.Kind.TOTAL, "Total (product)", null, null,
                allocation.productTokens(), null, allocation.productCost(), currency));
        items.add(new CostItemViewModel(CostItemViewModel.Kind.RND, "R&D (Prompt Lab, not billed)", null, null,
                allocation.rndTokens(), null, allocation.rndCost(), currency));
        return items;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // ---- export ----

    /** The CSV of what {@code panel} shows now. */
    public String csv(UsagePanel panel) {
        return switch (panel) {
            case ALLOWED_DENIED -> Csv.series(allowedDenied.get());
            case PROVIDERS -> Csv.series(perProvider.get());
            case PURPOSES -> Csv.series(productRnd.get());
            case METERED -> Csv.series(metered.get());
            case ANOMALIES -> Csv.document(List.of("day", "organisation", "org_id", "provider", "tokens", "baseline",
                    "ratio"), anomalies.stream().<List<?>>map(a -> Arrays.asList(a.day(), a.organisation(), a.orgId(),
                    a.provider(), a.tokens(), a.baseline(), a.ratio())).toList());
            case TOP_USERS -> Csv.document(List.of("rank", "user", "user_id", "organisation", "org_id",
                    "allowed_tokens", "attempts", "denied_attempts"), topUsers.stream().<List<?>>map(u ->
                    Arrays.asList(u.rank(), u.username(), u.userId(), u.organisation(), u.orgId(), u.allowedTokens(),
                    u.events(), u.deniedEvents())).toList());
            case COST -> Csv.document(List.of("organisation", "org_id", "provider", "tokens", "price_per_token",
                    "cost", "currency"), cost.stream().<List<?>>map(c -> Arrays.asList(c.organisation(), c.orgId(),
                    c.provider(), c.tokens(), c.pricePerToken(), c.cost(), c.currency())).toList());
        };
    }

    /** "usage-token-attempts-2026-11-01-to-2026-11-30.csv" (and the organisation's id when one is chosen). */
    public String suggestedFileName(UsagePanel panel) {
        DashboardQuery query = shown == null ? query() : shown;
        return "usage-" + panel.fileStem() + "-" + query.from() + "-to-" + query.to()
                + (query.orgId() == null || panel == UsagePanel.COST ? "" : "-" + query.orgId()) + ".csv";
    }

    /** Asks for a file and writes {@code panel}'s CSV to it in the background. */
    public void export(UsagePanel panel) {
        String text = csv(panel);
        long lines = text.chars().filter(c -> c == '\n').count() - 1;
        files.choose("Export " + panel.title() + " as CSV", suggestedFileName(panel)).ifPresent(file ->
                tasks.run("Exporting " + panel.title(), progress -> write(file, text),
                        written -> message.set("Exported " + lines + (lines == 1 ? " row" : " rows") + " of "
                                + panel.title() + " to " + written.getFileName()),
                        failure -> dialogs.show(ErrorRequest.of("Could not export " + panel.title(), failure))));
    }

    private static Path write(Path file, String text) throws java.io.IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    // ---- properties ----

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    /** Why the period cannot be shown, "" when it can. */
    public ReadOnlyStringProperty rangeProblemProperty() {
        return rangeProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty rangeValidProperty() {
        return rangeValid.getReadOnlyProperty();
    }

    public ObservableList<OrganisationChoice> organisations() {
        return organisations;
    }

    public ObjectProperty<OrganisationChoice> organisationProperty() {
        return organisation;
    }

    public StringProperty organisationSearchProperty() {
        return organisationSearch;
    }

    public ObservableList<String> providers() {
        return providers;
    }

    /** The provider filter; {@link #ALL_PROVIDERS} for none. */
    public ObjectProperty<String> providerProperty() {
        return provider;
    }

    /** Token attempts per day: allowed, rate-limited, no quota, provider failed (stacked). */
    public ReadOnlyObjectProperty<List<ChartSeries>> allowedDeniedProperty() {
        return allowedDenied.getReadOnlyProperty();
    }

    /** Allowed tokens per day per provider; anomalous days marked. */
    public ReadOnlyObjectProperty<List<ChartSeries>> perProviderProperty() {
        return perProvider.getReadOnlyProperty();
    }

    /** Allowed tokens per day: product and R&D. */
    public ReadOnlyObjectProperty<List<ChartSeries>> productRndProperty() {
        return productRnd.getReadOnlyProperty();
    }

    /** Metered units per day per metric. */
    public ReadOnlyObjectProperty<List<ChartSeries>> meteredProperty() {
        return metered.getReadOnlyProperty();
    }

    public ObservableList<AnomalyItemViewModel> anomalies() {
        return anomalies;
    }

    public ObservableList<TopUserItemViewModel> topUsers() {
        return topUsers;
    }

    public ObservableList<CostItemViewModel> cost() {
        return cost;
    }

    /** The token panels' error ("" when loaded). */
    public ReadOnlyStringProperty tokensErrorProperty() {
        return tokensError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty usageErrorProperty() {
        return usageError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty anomaliesErrorProperty() {
        return anomaliesError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty topUsersErrorProperty() {
        return topUsersError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty costErrorProperty() {
        return costError.getReadOnlyProperty();
    }

    /** The period's totals in one line. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** "2026-11-01 to 2026-11-30 · All organisations (platform)": what the panels show. */
    public ReadOnlyStringProperty shownPeriodProperty() {
        return shownPeriod.getReadOnlyProperty();
    }

    /** What the last export did. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** True while the panels load (the Cancel button shows). */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }
}
