package dev.familiar.model.client;

import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.ClassificationView;
import dev.familiar.model.prompt.DataSetCheck;
import dev.familiar.model.prompt.DataSetList;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.DataSetWrite;
import dev.familiar.model.prompt.DeploymentList;
import dev.familiar.model.prompt.DeploymentRequest;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.FunctionHistory;
import dev.familiar.model.prompt.ImportResult;
import dev.familiar.model.prompt.IterationList;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionCreate;
import dev.familiar.model.prompt.PromptFunctionList;
import dev.familiar.model.prompt.PromptFunctionView;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.model.prompt.RndBudget;
import dev.familiar.model.prompt.RndBudgetList;
import dev.familiar.model.prompt.RollbackRequest;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Prompt Lab and prompt functions ({@code /api/admin/prompt-functions}, {@code /api/admin/prompt-lab}; ADMIN
 * or PROMPT_ENGINEER, approving a deployment as the server's approver roles say). Errors arrive as
 * {@link dev.familiar.model.api.ApiError}: 400 {@code VALIDATION_FAILED} with the offending parameters in
 * {@code details}, 404, 409 {@code BREAKING_CHANGE} with {@code details.breaking}, 402 {@code RND_BUDGET_EXCEEDED}.
 * Thread-safe.
 */
public final class PromptLabClient {
    private final ApiTransport transport;

    public PromptLabClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** Providers (and which are dry-run), whether approval is required, who may approve. */
    public LabStatus status() {
        return transport.get("api/admin/prompt-lab/status").envelope(LabStatus.class);
    }

    public PromptFunctionView createFunction(String name, String description) {
        return transport.post("api/admin/prompt-functions").body(new PromptFunctionCreate(name, description))
                .envelope(PromptFunctionView.class);
    }

    /** Functions ordered by name whose name starts with {@code search} (null: all). */
    public PromptFunctionList functions(String search, String cursor, Integer limit) {
        return transport.get("api/admin/prompt-functions").query("search", search).query("cursor", cursor)
                .query("limit", limit).envelope(PromptFunctionList.class);
    }

    public PromptFunctionView function(String name) {
        return transport.get(fn(name)).envelope(PromptFunctionView.class);
    }

    /** Creates the next version; the answer carries its {@code changeClass} against the version before. */
    public PromptVersionView createVersion(String function, PromptVersionCreate version) {
        return transport.post(fn(function) + "/versions").body(version).envelope(PromptVersionView.class);
    }

    /** Every version, oldest first. */
    public List<PromptVersionView> versions(String function) {
        return transport.get(fn(function) + "/versions").envelope(new com.fasterxml.jackson.core.type.TypeReference<List<PromptVersionView>>() {
        });
    }

    public PromptVersionView version(String function, int version) {
        return transport.get(fn(function) + "/versions/" + version).envelope(PromptVersionView.class);
    }

    /** How {@code version} differs from {@code against} (when not null) or from the active version of {@code major}. */
    public ClassificationView classify(String function, int version, Integer against, Integer major) {
        return transport.get(fn(function) + "/versions/" + version + "/classification").query("against", against)
                .query("major", major).envelope(ClassificationView.class);
    }

    public DeploymentView deploy(String function, int version, int major) {
        return transport.post(fn(function) + "/deployments").body(new DeploymentRequest(version, major))
                .envelope(DeploymentView.class);
    }

    public DeploymentList deployments(String function) {
        return transport.get(fn(function) + "/deployments").envelope(DeploymentList.class);
    }

    /** Deployments waiting for approval, across functions (the reviewer's list). */
    public DeploymentList pendingApprovals() {
        return transport.get("api/admin/prompt-deployments").query("status", "PENDING_APPROVAL")
                .envelope(DeploymentList.class);
    }

    public DeploymentView approve(String function, String deploymentId) {
        return transport.post(fn(function) + "/deployments/" + seg(deploymentId) + "/approve")
                .envelope(DeploymentView.class);
    }

    public DeploymentView reject(String function, String deploymentId) {
        return transport.post(fn(function) + "/deployments/" + seg(deploymentId) + "/reject")
                .envelope(DeploymentView.class);
    }

    /** Makes the previously active version of {@code major} active again; answers the deployment now active. */
    public DeploymentView rollback(String function, int major) {
        return transport.post(fn(function) + "/rollback").body(new RollbackRequest(major))
                .envelope(DeploymentView.class);
    }

    public FunctionHistory export(String function) {
        return transport.get(fn(function) + "/export").envelope(FunctionHistory.class);
    }

    public ImportResult importHistory(FunctionHistory history) {
        return transport.post("api/admin/prompt-functions/import").body(history).envelope(ImportResult.class);
    }

    public DataSetView saveDataSet(DataSetWrite dataSet) {
        return transport.put("api/admin/prompt-lab/data-sets/" + seg(dataSet.name())).body(dataSet)
                .envelope(DataSetView.class);
    }

    public DataSetList dataSets() {
        return transport.get("api/admin/prompt-lab/data-sets").envelope(DataSetList.class);
    }

    public DataSetView dataSet(String name) {
        return transport.get("api/admin/prompt-lab/data-sets/" + seg(name)).envelope(DataSetView.class);
    }

    public void deleteDataSet(String name) {
        transport.delete("api/admin/prompt-lab/data-sets/" + seg(name)).envelope(Object.class);
    }

    public DataSetCheck checkDataSet(String name, String function, int version) {
        return transport.get("api/admin/prompt-lab/data-sets/" + seg(name) + "/check").query("function", function)
                .query("version", version).envelope(DataSetCheck.class);
    }

    /** Runs one iteration and answers it once stored (a provider failure is a stored FAILED iteration, not an error). */
    public IterationView run(IterationRequest request) {
        return transport.post("api/admin/prompt-lab/iterations").body(request).envelope(IterationView.class);
    }

    /**
     * As {@link #run}, with the output streamed: {@code onDelta} receives each piece of text as the provider sends
     * it (on the calling thread), then the stored iteration is answered.
     */
    public IterationView runStreaming(IterationRequest request, Consumer<String> onDelta) {
        Objects.requireNonNull(onDelta, "onDelta");
        IterationView[] stored = new IterationView[1];
        transport.post("api/admin/prompt-lab/iterations").body(request).events((event, data) -> {
            if ("delta".equals(event)) {
                onDelta.accept(data.path("text").asText());
            } else if ("iteration".equals(event)) {
                stored[0] = transport.mapper().convertValue(data, IterationView.class);
            }
        });
        if (stored[0] == null) {
            throw new ServerUnreachableException("The iteration stream ended before the stored iteration arrived", null);
        }
        return stored[0];
    }

    public IterationList iterations(String function, Integer version, String cursor, Integer limit) {
        return transport.get("api/admin/prompt-lab/iterations").query("function", function).query("version", version)
                .query("cursor", cursor).query("limit", limit).envelope(IterationList.class);
    }

    public IterationView iteration(String id) {
        return transport.get("api/admin/prompt-lab/iterations/" + seg(id)).envelope(IterationView.class);
    }

    /** Starts a batch (202); poll {@link #batch(String)} for progress. */
    public BatchView startBatch(BatchRequest request) {
        return transport.post("api/admin/prompt-lab/batches").body(request).envelope(BatchView.class);
    }

    public BatchView batch(String id) {
        return transport.get("api/admin/prompt-lab/batches/" + seg(id)).envelope(BatchView.class);
    }

    /** Asks the batch to stop after the row in flight; answers it as it is now. */
    public BatchView cancelBatch(String id) {
        return transport.post("api/admin/prompt-lab/batches/" + seg(id) + "/cancel").envelope(BatchView.class);
    }

    public RndBudgetList budgets() {
        return transport.get("api/admin/prompt-lab/budgets").envelope(RndBudgetList.class);
    }

    /** Sets (or with {@code monthlyTokens} null removes) the budget of {@code scope}/{@code subject}. */
    public RndBudget setBudget(String scope, String subject, Long monthlyTokens) {
        return transport.put("api/admin/prompt-lab/budgets/" + seg(scope) + "/" + seg(subject))
                .body(new RndBudget(scope, subject, monthlyTokens, 0)).envelope(RndBudget.class);
    }

    private static String fn(String name) {
        return "api/admin/prompt-functions/" + seg(name);
    }

    private static String seg(String value) {
        return okhttp3.HttpUrl.parse("http://x/").newBuilder().addPathSegment(Objects.requireNonNull(value, "id"))
                .build().encodedPath().substring(1);
    }
}
