package dev.familiar.server.prompt.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.FunctionCatalog;
import dev.familiar.model.prompt.InvokeResult;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.contract.ParameterSchema;
import dev.familiar.model.prompt.contract.PromptRenderer;
import dev.familiar.model.prompt.contract.PromptTemplate;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.llm.TokenConsumption;
import dev.familiar.server.llm.provider.ChatRequest;
import dev.familiar.server.llm.provider.LlmProvider;
import dev.familiar.server.llm.provider.Providers;
import dev.familiar.server.llm.provider.TokenCounter;
import dev.familiar.server.prompt.functions.PromptFunctionStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Invokes a deployed prompt function for product code: the active version of {@code function@major} (the
 * {@code deployed_function} row), the parameters checked and rendered strictly ({@link PromptRenderer}), then metered
 * exactly like {@code /api/v1/tokens/consume} through {@link TokenConsumption} with a budget of the prompt's tokens
 * plus the version's {@code maxTokens} ({@value #DEFAULT_MAX_TOKENS} when it sets none). Thread-safe.
 */
public final class FunctionInvoker {
    /**
     * The completion cap of a version whose settings name none. Small on purpose: the default BRONZE tier holds
     * 1,000 tokens a day, and the whole budget is reserved before the call.
     */
    public static final int DEFAULT_MAX_TOKENS = 256;
    /** A system message's framing, as {@link TokenConsumption} counts it. */
    static final long SYSTEM_MESSAGE_OVERHEAD = 4;

    /** What an invocation did. */
    public sealed interface Outcome permits Invoked, NotDeployed, Invalid, NoProvider, Refused {
    }

    /** The provider answered; {@code result} carries the bucket for the rate-limit headers. */
    public record Invoked(InvokeResult answer, TokenConsumption.Result result) implements Outcome {
    }

    public record NotDeployed(String message) implements Outcome {
    }

    /** The parameters do not fit the major's schema: every problem; nothing sent, nothing charged. */
    public record Invalid(List<ParameterProblem> problems, List<PromptParameter> schema) implements Outcome {
    }

    /** The version names a provider this server does not have. */
    public record NoProvider(String message) implements Outcome {
    }

    /** Rate-limited, no quota, or the provider failed: as {@code /api/v1/tokens/consume} answers them. */
    public record Refused(TokenConsumption.Result result) implements Outcome {
    }

    private final PromptFunctionStore store;
    private final TokenConsumption consumption;
    private final Providers providers;
    private final LlmTokenSettings llm;

    public FunctionInvoker(PromptFunctionStore store, TokenConsumption consumption, Providers providers,
                           LlmTokenSettings llm) {
        this.store = store;
        this.consumption = consumption;
        this.providers = providers;
        this.llm = llm;
    }

    /** Every active (function, major) with its parameters as a JSON Schema. */
    public FunctionCatalog catalog() throws SQLException {
        return new FunctionCatalog(store.allDeployed().stream().map(e -> new FunctionCatalog.Entry(e.getKey().function(),
                e.getKey().major(), e.getKey().version(), e.getValue(), e.getKey().jsonSchema())).toList());
    }

    public Outcome invoke(TokenConsumption.Consumer who, String function, int major, ObjectNode parameters)
            throws SQLException {
        Optional<PromptFunctionStore.Deployed> found = store.deployed(function, major);
        if (found.isEmpty()) {
            return new NotDeployed("No active version of " + function + " major " + major);
        }
        PromptFunctionStore.Deployed d = found.get();
        ObjectNode values = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters;
        PromptRenderer.Result rendered = PromptRenderer.render(PromptTemplate.parse(d.template()),
                ParameterSchema.of(d.parameters()), values);
        if (rendered instanceof PromptRenderer.Refused refused) {
            return new Invalid(refused.problems(), d.parameters());
        }
        String prompt = ((PromptRenderer.Rendered) rendered).text();
        PromptSettings s = d.settings() == null ? PromptSettings.NONE : d.settings();
        String providerName = s.provider() != null ? s.provider() : providers.names().get(0);
        Optional<LlmProvider> provider = providers.find(providerName);
        if (provider.isEmpty()) {
            return new NoProvider("The provider " + providerName + " of " + function + " major " + major
                    + " is not configured on this server");
        }
        int maxTokens = s.maxTokens() != null ? s.maxTokens() : DEFAULT_MAX_TOKENS;
        TokenCounter counter = provider.get().tokenCounter();
        long promptTokens = counter.prompt(prompt)
                + (s.system() == null ? 0 : counter.text(s.system()) + SYSTEM_MESSAGE_OVERHEAD);
        long budget = promptTokens + maxTokens;
        ChatRequest request = new ChatRequest(s.system(), prompt, s.model(), s.temperature(), maxTokens,
                s.responseFormat());
        TokenConsumption.Result result = consumption.consume(who, provider.get(), budget, request, function);
        if (!(result instanceof TokenConsumption.Allowed allowed)) {
            return new Refused(result);
        }
        long total = allowed.tokens();
        long promptPart = Math.min(promptTokens, total);
        String model = s.model() != null ? s.model() : Optional.ofNullable(llm.providers().get(providerName))
                .map(LlmTokenSettings.Provider::model).orElse(null);
        return new Invoked(new InvokeResult(function, major, d.version(), allowed.reply().message(), providerName, model,
                promptPart, total - promptPart, total), result);
    }
}
