package dev.familiar.server.entitlement;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The lifecycle of a tenant's subscription, as the billing provider reports it. */
public enum EntitlementStatus {
    TRIALING, ACTIVE, PAST_DUE, PAUSED, CANCELED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntitlementStatus parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
