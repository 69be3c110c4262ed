package dev.familiar.model.prompt;

import java.util.List;

/** Deployments newest first. */
public record DeploymentList(List<DeploymentView> items) {
}
