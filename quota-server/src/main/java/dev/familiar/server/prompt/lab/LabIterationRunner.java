package dev.familiar.server.prompt.lab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.model.prompt.contract.ParameterSchema;
import dev.familiar.model.prompt.contract.PromptRenderer;
import dev.familiar.model.prompt.contract.PromptTemplate;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.llm.analytics.UsageEvent;
import dev.familiar.server.llm.provider.ChatRequest;
import dev.familiar.server.llm.provider.LlmProvider;
import dev.familiar.server.llm.provider.ProviderException;
import dev.familiar.server.llm.provider.ProviderReply;
import dev.familiar.server.llm.provider.Providers;
import dev.familiar.server.llm.provider.TokenCounter;
import dev.familiar.server.prompt.PromptVersions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prompt Lab's {@link IterationRunner}: version ({@link PromptVersions}, else {@link NotFound}) → effective
 * settings (the version's overridden by the request's) checked → strict render ({@link PromptRenderer}; every
 * problem, with the settings' problems, is one {@link Invalid}) → R&D budgets of the engineer and the function
 * ({@link RndBudgets#open}: the month's R&D use plus this call's estimate, the prompt's tokens plus the completion
 * cap, must fit, else {@link BudgetExceeded}; the ledger entry is written then) → the provider (latency from the
 * injected {@code nanoTime}) → the iteration stored and its one R&D ledger entry settled to the tokens spent, in
 * one transaction. A provider failure is a stored FAILED iteration with the failure's safe message and no tokens.
 *
 * <p>R&D never touches a customer's quota, reservation or rate-limit bucket: none of them is reachable from here.
 * Tokens: the provider's {@code prompt_tokens}/{@code completion_tokens} when it reports them, else our count
 * ({@link TokenCounter}). The dry-run echo reports our counts on the iteration but spends nothing: its cost and its
 * ledger tokens are 0. Cost = ledger tokens × the provider's price per token, in the configured currency. Thread-safe.
 */
public final class LabIterationRunner implements IterationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LabIterationRunner.class);
    /** The completion cap when neither the version nor the iteration sets one. */
    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final int MAX_TOKENS_LIMIT = 100_000;
    /** Decimals of a stored cost. */
    static final int COST_SCALE = 10;
    /** A system message's framing: 3 per message + 1 for the role (as the consume route counts it). */
    static final long SYSTEM_MESSAGE_OVERHEAD = 4;
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    private final DataSource dataSource;
    private final PromptVersions versions;
    private final Providers providers;
    private final LlmTokenSettings settings;
    private final IterationStore iterations;
    private final RndBudgets budgets;
    private final Clock clock;
    private final LongSupplier nanoTime;

    public LabIterationRunner(DataSource dataSource, PromptVersions versions, Providers providers,
                              LlmTokenSettings settings, IterationStore iterations, RndBudgets budgets, Clock clock,
                              LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.versions = versions;
        this.providers = providers;
        this.settings = settings;
        this.iterations = iterations;
        this.budgets = budgets;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    @Override
    public Outcome run(Principal engineer, IterationRequest request, String batchId, Consumer<String> onDelta)
            throws SQLException {
        Optional<PromptVersionView> found = versions.find(request.function(), request.version());
        if (found.isEmpty()) {
            return new NotFound("No version " + request.version() + " of function " + request.function());
        }
        PromptVersionView version = found.get();
        PromptSettings base = version.settings() == null ? PromptSettings.NONE : version.settings();
        PromptSettings effective = base.overriddenBy(request.settings());
        if (effective.provider() == null && !providers.names().isEmpty()) {
            effective = effective.overriddenBy(new PromptSettings(providers.names().get(0), null, null, null, null, null));
        }
        List<ParameterProblem> problems = new ArrayList<>(settingsProblems(effective));
        // the data as the store will hold it: re-reading the stored text gives exactly these values
        ObjectNode data = (ObjectNode) IterationStore.read(IterationStore.json(
                request.data() == null ? IterationStore.JSON.createObjectNode() : request.data()));
        PromptRenderer.Result rendered = render(version, data);
        if (rendered instanceof PromptRenderer.Refused refused) {
            problems.addAll(refused.problems());
        }
        if (!problems.isEmpty()) {
            return new Invalid(List.copyOf(problems));
        }
        String prompt = ((PromptRenderer.Rendered) rendered).text();
        LlmProvider provider = providers.find(effective.provider()).orElseThrow();
        int cap = effective.maxTokens() == null ? DEFAULT_MAX_TOKENS : effective.maxTokens();
        String model = effective.model() != null ? effective.model() : provider.model();
        TokenCounter counter = provider.tokenCounter();
        long ownPrompt = counter.prompt(prompt)
                + (effective.system() == null || effective.system().isEmpty() ? 0
                        : counter.text(effective.system()) + SYSTEM_MESSAGE_OVERHEAD);
        String who = engineer.userId().orElse(engineer.subject());
        UsageEvent entry = new UsageEvent(UUID.randomUUID().toString(), who, engineer.tenantId(), null,
                provider.name(), provider.dryRun() ? 0 : ownPrompt + cap, true, UsageEvent.Outcome.ALLOWED, null, null,
                now(), UsageEvent.Purpose.RND, request.function(), who);
        RndBudgets.Opening opening = budgets.open(entry);
        if (opening instanceof RndBudgets.Refused refused) {
            return new BudgetExceeded(refused.message());
        }

        ChatRequest chat = new ChatRequest(effective.system(), prompt, model, effective.temperature(), cap,
                effective.responseFormat());
        long started = nanoTime.getAsLong();
        ProviderReply reply = null;
        String error = null;
        try {
            reply = provider.complete(chat, onDelta == null ? delta -> { } : onDelta);
        } catch (ProviderException e) {
            error = e.getMessage();
            LOG.warn("Prompt Lab call of {}@{} failed: {}", request.function(), request.version(), error);
        } catch (RuntimeException e) {
            // an adapter's bug must not leave the ledger entry at its estimate: stored as a failure like any other
            error = provider.name() + " failed unexpectedly (" + e.getClass().getSimpleName() + ")";
            LOG.error("Prompt Lab call of {}@{} failed unexpectedly", request.function(), request.version(), e);
        }
        long latencyMs = Math.max(0, (nanoTime.getAsLong() - started) / 1_000_000);

        long promptTokens = 0;
        long completionTokens = 0;
        long spent = 0;
        if (reply != null) {
            promptTokens = reply.promptTokens().orElse(ownPrompt);
            long total = reply.totalTokens().orElse(-1);
            completionTokens = reply.completionTokens().orElse(total >= promptTokens ? total - promptTokens
                    : counter.text(reply.message()));
            spent = provider.dryRun() ? 0 : promptTokens + completionTokens;
        }
        BigDecimal price = Optional.ofNullable(settings.providers().get(provider.name()))
                .map(LlmTokenSettings.Provider::pricePerToken).orElse(BigDecimal.ZERO);
        BigDecimal cost = price.multiply(BigDecimal.valueOf(spent)).setScale(COST_SCALE, RoundingMode.HALF_UP);
        IterationView view = new IterationView(UUID.randomUUID().toString(), request.function(), request.version(),
                version.templateHash() != null ? version.templateHash() : PromptTemplate.parse(version.template()).hash(),
                data, prompt, provider.name(), model, effective, reply == null ? null : reply.message(), promptTokens,
                completionTokens, latencyMs, cost, settings.currency(), reply == null ? FAILED : SUCCEEDED, error,
                provider.dryRun(), batchId, who, now());
        IterationView stored;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                iterations.insert(c, view);
                budgets.settle(c, entry.id(), spent,
                        reply == null ? UsageEvent.Outcome.PROVIDER_FAILED : UsageEvent.Outcome.ALLOWED);
                // read back: the answer names the engineer by username, as every later read does
                stored = iterations.find(c, view.id()).orElseThrow();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Ran(stored);
    }

    /** Now, to the microsecond: what both databases keep, so the answered iteration equals the stored one. */
    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** Renders {@code data} with the version's template and schema: the lab's and the re-render's one path. */
    static PromptRenderer.Result render(PromptVersionView version, ObjectNode data) {
        return PromptRenderer.render(PromptTemplate.parse(version.template()), ParameterSchema.of(version.parameters()),
                data);
    }

    /**
     * The effective settings' problems: the provider must be configured, temperature 0 to 2, the cap 1 to
     * {@value #MAX_TOKENS_LIMIT}, the response format {@code text} or {@code json_object}.
     */
    List<ParameterProblem> settingsProblems(PromptSettings s) {
        List<ParameterProblem> problems = new ArrayList<>();
        if (s.provider() == null || providers.find(s.provider()).isEmpty()) {
            problems.add(new ParameterProblem("settings.provider", "INVALID", "settings.provider must be one of the "
                    + "configured providers " + providers.names()));
        }
        if (s.temperature() != null && (s.temperature().isNaN() || s.temperature() < 0 || s.temperature() > 2)) {
            problems.add(new ParameterProblem("settings.temperature", "INVALID",
                    "settings.temperature must be between 0 and 2"));
        }
        if (s.maxTokens() != null && (s.maxTokens() < 1 || s.maxTokens() > MAX_TOKENS_LIMIT)) {
            problems.add(new ParameterProblem("settings.maxTokens", "INVALID",
                    "settings.maxTokens must be between 1 and " + MAX_TOKENS_LIMIT));
        }
        if (s.responseFormat() != null && !"text".equals(s.responseFormat())
                && !"json_object".equals(s.responseFormat())) {
            problems.add(new ParameterProblem("settings.responseFormat", "INVALID",
                    "settings.responseFormat must be text or json_object"));
        }
        if (s.model() != null && (s.model().isBlank() || s.model().length() > 200)) {
            problems.add(new ParameterProblem("settings.model", "INVALID",
                    "settings.model must be 1-200 characters"));
        }
        return problems;
    }
}
