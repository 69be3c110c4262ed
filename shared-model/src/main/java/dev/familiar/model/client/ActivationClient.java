package dev.familiar.model.client;

import dev.familiar.model.auth.ActivationCodeIssued;
import dev.familiar.model.auth.ActivationCodeRequest;
import java.util.Objects;

/** UC-17 activation codes for an organisation's client plugin ({@code /api/admin/activation-codes}, ADMIN). */
public final class ActivationClient {
    private final ApiTransport transport;

    public ActivationClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * {@code POST /api/admin/activation-codes}: a single-use code for a plugin of {@code orgId} on {@code domain}
     * (shown once; exchanged with {@link AuthClient#activate}). An unknown organisation is {@code NOT_FOUND} (404).
     */
    public ActivationCodeIssued mint(String orgId, String domain) {
        return transport.post("api/admin/activation-codes").body(new ActivationCodeRequest(orgId, domain))
                .envelope(ActivationCodeIssued.class);
    }
}
