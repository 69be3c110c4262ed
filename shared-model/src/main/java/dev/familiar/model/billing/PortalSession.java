package dev.familiar.model.billing;

/** UC-11: the Customer Portal URL. */
public record PortalSession(String url) {
}
