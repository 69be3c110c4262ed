package dev.familiar.admin.promptlab.deploy;

import dev.familiar.model.client.PromptLabClient;
import dev.familiar.model.prompt.ClassificationView;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.FunctionHistory;
import dev.familiar.model.prompt.ImportResult;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionView;
import java.util.List;
import java.util.Objects;

/** {@link DeployApi} over the typed client: {@code session.api(c -> new ClientDeployApi(c.promptLab()))}. */
public final class ClientDeployApi implements DeployApi {
    private final PromptLabClient lab;

    public ClientDeployApi(PromptLabClient lab) {
        this.lab = Objects.requireNonNull(lab, "lab");
    }

    @Override
    public LabStatus status() {
        return lab.status();
    }

    @Override
    public PromptFunctionView function(String name) {
        return lab.function(name);
    }

    @Override
    public List<PromptFunctionView> functions() {
        return lab.functions(null, null, 200).items();
    }

    @Override
    public ClassificationView classify(String function, int version, int major) {
        return lab.classify(function, version, null, major);
    }

    @Override
    public DeploymentView deploy(String function, int version, int major) {
        return lab.deploy(function, version, major);
    }

    @Override
    public List<DeploymentView> pendingApprovals() {
        return lab.pendingApprovals().items();
    }

    @Override
    public DeploymentView approve(String function, String deploymentId) {
        return lab.approve(function, deploymentId);
    }

    @Override
    public DeploymentView reject(String function, String deploymentId) {
        return lab.reject(function, deploymentId);
    }

    @Override
    public DeploymentView rollback(String function, int major) {
        return lab.rollback(function, major);
    }

    @Override
    public FunctionHistory export(String function) {
        return lab.export(function);
    }

    @Override
    public ImportResult importHistory(FunctionHistory history) {
        return lab.importHistory(history);
    }
}
