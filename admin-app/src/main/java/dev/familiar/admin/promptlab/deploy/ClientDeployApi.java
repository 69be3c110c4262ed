package dev.familiar.admin.promptlab.deploy;

import dev.familiar.model.client.PromptLabClient;
import dev.familiar.model.prompt.ClassificationView;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.FunctionHistory;
import dev.familiar.model.prompt.ImportResult;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionList;
import dev.familiar.model.prompt.PromptFunctionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link DeployApi} over the typed client: {@code session.api(c -> new ClientDeployApi(c.promptLab()))}. */
public final class ClientDeployApi implements DeployApi {
    /** The server's largest page of functions (GET /api/admin/prompt-functions answers 400 above it). */
    static final int PAGE = 100;

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
        List<PromptFunctionView> all = new ArrayList<>();
        String cursor = null;
        do {
            PromptFunctionList page = lab.functions(null, cursor, PAGE);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return all;
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
