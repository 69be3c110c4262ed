package dev.familiar.model.billing;

/** UC-10: the client secret the browser needs to confirm the SetupIntent. A secret: never log it. */
public record SetupIntentCreated(String clientSecret) {
    @Override
    public String toString() {
        return "SetupIntentCreated[clientSecret=***]";
    }
}
