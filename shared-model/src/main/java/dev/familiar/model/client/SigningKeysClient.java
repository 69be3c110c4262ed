package dev.familiar.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.auth.SigningKeyRotated;
import java.util.Objects;

/** The keys that sign our JWTs: their public half ({@code /oauth2/jwks}) and rotation (ADMIN). */
public final class SigningKeysClient {
    private final ApiTransport transport;

    public SigningKeysClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * {@code POST /api/admin/signing-keys/rotate}: a new key signs from now on; old ones verify until their tokens
     * expire.
     */
    public SigningKeyRotated rotate() {
        return transport.post("api/admin/signing-keys/rotate").envelope(SigningKeyRotated.class);
    }

    /** {@code GET /oauth2/jwks} (public): the JWK set ({@code {"keys":[…]}}) that verifies our tokens. */
    public JsonNode publicKeys() {
        return transport.get("oauth2/jwks").anonymous().plain(JsonNode.class);
    }
}
