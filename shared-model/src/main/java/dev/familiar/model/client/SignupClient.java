package dev.familiar.model.client;

import dev.familiar.model.billing.SignupRequest;
import dev.familiar.model.billing.SignupResult;
import java.util.Objects;

/** UC-01 self-service sign-up ({@code POST /api/signup}, public: sends no credential). */
public final class SignupClient {
    private final ApiTransport transport;

    public SignupClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * A new organisation on the starter plan with the catalog's trial and its activation code. An e-mail that has
     * signed up already is {@code ORG_EXISTS} (409); too many sign-ups from this address {@code RATE_LIMITED} (429,
     * {@code retryAfterSeconds}).
     */
    public SignupResult signUp(String orgName, String email) {
        return transport.post("api/signup").anonymous().body(new SignupRequest(orgName, email))
                .envelope(SignupResult.class);
    }
}
