package dev.familiar.admin.promptlab.deploy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.ClassificationView;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.FunctionHistory;
import dev.familiar.model.prompt.ImportResult;
import dev.familiar.model.prompt.Incompatibility;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One server's deploy API held in fields: the function's active majors, the classification answered per major,
 * deployments; each call is recorded in {@link #calls} as "name args", and a call named in {@link #failures} throws.
 */
final class FakeDeployApi implements DeployApi {
    final List<String> calls;
    private final String prefix;
    final Map<String, RuntimeException> failures = new HashMap<>();
    final Map<Integer, ClassificationView> classifications = new HashMap<>();
    final List<PromptFunctionView> functions = new ArrayList<>();
    final List<DeploymentView> pending = new ArrayList<>();
    LabStatus status = new LabStatus(List.of(), true, List.of("ADMIN"));
    String deployStatus = "PENDING_APPROVAL";
    PromptFunctionView function;

    FakeDeployApi() {
        this("", new ArrayList<>());
    }

    /** A server whose calls go to a shared {@code calls} list, each prefixed (e.g. "team: "). */
    FakeDeployApi(String prefix, List<String> calls) {
        this.prefix = prefix;
        this.calls = calls;
    }

    FakeDeployApi withFunction(String name, int... activeMajorVersionPairs) {
        List<PromptFunctionView.ActiveMajor> active = new ArrayList<>();
        for (int i = 0; i < activeMajorVersionPairs.length; i += 2) {
            active.add(new PromptFunctionView.ActiveMajor(activeMajorVersionPairs[i], activeMajorVersionPairs[i + 1],
                    "d-" + i, Instant.parse("2030-01-01T00:00:00Z")));
        }
        function = new PromptFunctionView(name, "", 4, active, "eng", Instant.EPOCH);
        functions.clear();
        functions.add(function);
        return this;
    }

    FakeDeployApi classifyAs(int major, int from, ChangeClass changeClass, Incompatibility... breaking) {
        classifications.put(major, new ClassificationView("summary", from, 4, changeClass, List.of(breaking),
                List.of("template text changed")));
        return this;
    }

    FakeDeployApi failing(String call, RuntimeException failure) {
        failures.put(call, failure);
        return this;
    }

    static ApiError breakingChange(String parameter, String kind, String message) {
        return new ApiError(ErrorCode.BREAKING_CHANGE, "A breaking change cannot be deployed within major 1", 409,
                Map.of("breaking", List.of(Map.of("parameter", parameter, "kind", kind, "message", message))));
    }

    static DeploymentView deployment(String id, String function, int version, int major, ChangeClass changeClass,
                                     String requestedBy, Incompatibility... breaking) {
        return new DeploymentView(id, function, version, major, "PENDING_APPROVAL", changeClass, List.of(breaking),
                requestedBy, Instant.parse("2030-01-02T10:00:00Z"), null, null);
    }

    private void call(String name, String text) {
        calls.add(prefix + text);
        RuntimeException failure = failures.get(name);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public LabStatus status() {
        call("status", "status");
        return status;
    }

    @Override
    public PromptFunctionView function(String name) {
        call("function", "function " + name);
        if (function == null) {
            throw new ApiError(ErrorCode.NOT_FOUND, "No function " + name, 404);
        }
        return function;
    }

    @Override
    public List<PromptFunctionView> functions() {
        call("functions", "functions");
        return functions;
    }

    @Override
    public ClassificationView classify(String function, int version, int major) {
        call("classify", "classify " + function + " v" + version + " major " + major);
        ClassificationView found = classifications.get(major);
        if (found == null) {
            throw new ApiError(ErrorCode.NOT_FOUND, "No version " + version, 404);
        }
        return found;
    }

    @Override
    public DeploymentView deploy(String function, int version, int major) {
        call("deploy", "deploy " + function + " v" + version + " major " + major);
        return new DeploymentView("dep-1", function, version, major, deployStatus, null, List.of(), "eng",
                Instant.EPOCH, null, null);
    }

    @Override
    public List<DeploymentView> pendingApprovals() {
        call("pendingApprovals", "pendingApprovals");
        return List.copyOf(pending);
    }

    @Override
    public DeploymentView approve(String function, String deploymentId) {
        call("approve", "approve " + function + " " + deploymentId);
        DeploymentView found = take(deploymentId);
        return new DeploymentView(found.id(), function, found.version(), found.major(), "ACTIVE",
                found.changeClass(), found.breaking(), found.requestedBy(), found.requestedAt(), "admin", Instant.EPOCH);
    }

    @Override
    public DeploymentView reject(String function, String deploymentId) {
        call("reject", "reject " + function + " " + deploymentId);
        DeploymentView found = take(deploymentId);
        return new DeploymentView(found.id(), function, found.version(), found.major(), "REJECTED",
                found.changeClass(), found.breaking(), found.requestedBy(), found.requestedAt(), "admin", Instant.EPOCH);
    }

    @Override
    public DeploymentView rollback(String function, int major) {
        call("rollback", "rollback " + function + " major " + major);
        return new DeploymentView("dep-0", function, 2, major, "ACTIVE", null, List.of(), "eng", Instant.EPOCH,
                "admin", Instant.EPOCH);
    }

    @Override
    public FunctionHistory export(String function) {
        call("export", "export " + function);
        return new FunctionHistory(function, "", List.of());
    }

    @Override
    public ImportResult importHistory(FunctionHistory history) {
        call("importHistory", "importHistory " + history.name());
        return new ImportResult(history.name(), 3, 1);
    }

    private DeploymentView take(String id) {
        DeploymentView found = pending.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
        pending.remove(found);
        return found;
    }
}
