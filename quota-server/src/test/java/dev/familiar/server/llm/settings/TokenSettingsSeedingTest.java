package dev.familiar.server.llm.settings;

import static dev.familiar.server.llm.settings.TokenSettingsCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment's token settings ({@code FAMILIAR_TOKEN_TIERS}, {@code FAMILIAR_TOKEN_DEFAULT_TIER},
 * {@code FAMILIAR_RATE_LIMIT_TENANTS}, read into {@link LlmTokenSettings}) are first-start defaults: the first server
 * on an empty database writes them as rows; a server started later with other values keeps the rows.
 */
class TokenSettingsSeedingTest {
    @TempDir
    Path tempDir;

    @Test
    void theFirstStartSeedsTheSettingsAndALaterStartWithOtherVariablesKeepsThem() {
        ServerConfig config = TestServers.config(tempDir).withLlm(TokenSettingsStoreTest.env());
        FamiliarServer first = TestServers.start(config);
        JsonNode tiers;
        JsonNode limits;
        try {
            Identity identity = new Identity(first);
            tiers = get(first, "/tiers", identity.admin()).json().path("data");
            limits = get(first, "/tenant-limits", identity.admin()).json().path("data");
        } finally {
            first.stop();
        }
        assertThat(tiers.path("defaultTier").asText()).isEqualTo("SILVER");
        assertThat(names(tiers)).containsExactly("FREE", "BRONZE", "SILVER", "GOLD", "ENTERPRISE", "DIAMOND");
        assertThat(limits.at("/items/0/tenantId").asText()).isEqualTo("tenant-acme");
        assertThat(limits.at("/items/0/capacity").asLong()).isEqualTo(500);
        assertThat(limits.at("/items/0/windowSeconds").asLong()).isEqualTo(60);
        assertThat(limits.at("/items/0/updatedBy").asText()).isEqualTo("environment");

        FamiliarServer later = TestServers.start(config.withLlm(LlmTokenSettings.defaults()));
        try {
            Identity identity = new Identity(later);
            JsonNode kept = get(later, "/tiers", identity.admin()).json().path("data");
            assertThat(kept.path("defaultTier").asText()).isEqualTo("SILVER");
            assertThat(names(kept)).contains("DIAMOND");
            assertThat(get(later, "/tenant-limits", identity.admin()).json().at("/data/items")).hasSize(1);
        } finally {
            later.stop();
        }
    }

    static List<String> names(JsonNode tiers) {
        List<String> names = new ArrayList<>();
        tiers.path("tiers").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }
}
