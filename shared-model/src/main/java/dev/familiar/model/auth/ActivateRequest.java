package dev.familiar.model.auth;

/** {@code POST /api/tokens/activate}. */
public record ActivateRequest(String activationCode) {
    @Override
    public String toString() {
        return "ActivateRequest[activationCode=***]";
    }
}
