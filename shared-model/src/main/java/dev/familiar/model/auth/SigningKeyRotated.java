package dev.familiar.model.auth;

/** 200 of {@code POST /api/admin/signing-keys/rotate}: the id ({@code kid}) of the signing key now active. */
public record SigningKeyRotated(String kid) {
}
