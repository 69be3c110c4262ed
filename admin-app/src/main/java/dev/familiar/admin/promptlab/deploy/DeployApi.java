package dev.familiar.admin.promptlab.deploy;

import dev.familiar.model.prompt.ClassificationView;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.FunctionHistory;
import dev.familiar.model.prompt.ImportResult;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionView;
import java.util.List;

/**
 * What deploying and approving ask of one server (this console's, or the team's): functions and their active
 * majors, the computed classification, deployments and their approval, rollback, and the export/import that carries
 * a function's history to another server. Calls block and throw the typed client's
 * {@link dev.familiar.model.api.ApiError} when the server refuses (409 {@code BREAKING_CHANGE} with
 * {@code details.breaking}). {@link ClientDeployApi} is the adapter over the typed client; tests use a fake.
 */
public interface DeployApi {

    /** Whether deployments need a second person's approval, who may approve. */
    LabStatus status();

    /** The function and its active majors (404 when the server does not know it). */
    PromptFunctionView function(String name);

    /** The first page of functions (up to 200), with their active majors. */
    List<PromptFunctionView> functions();

    /** How {@code version} differs from the active version of {@code major}. */
    ClassificationView classify(String function, int version, int major);

    /** Requests {@code version} as the active version of {@code major}. */
    DeploymentView deploy(String function, int version, int major);

    /** Deployments waiting for approval, across functions. */
    List<DeploymentView> pendingApprovals();

    DeploymentView approve(String function, String deploymentId);

    DeploymentView reject(String function, String deploymentId);

    /** Makes the previously active version of {@code major} active again. */
    DeploymentView rollback(String function, int major);

    /** The function with every version. */
    FunctionHistory export(String function);

    /** Creates the versions of {@code history} this server does not have yet. */
    ImportResult importHistory(FunctionHistory history);
}
