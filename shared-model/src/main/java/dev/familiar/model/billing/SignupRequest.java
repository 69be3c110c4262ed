package dev.familiar.model.billing;

/** UC-01 {@code POST /api/signup}. */
public record SignupRequest(String orgName, String email) {
}
