package dev.familiar.server.llm.settings;

import static dev.familiar.server.llm.settings.TokenSettingsCalls.consume;
import static dev.familiar.server.llm.settings.TokenSettingsCalls.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers sharing PostgreSQL and Redis (the team run), each on its own clock that moves only when the test moves
 * it: a tenant admin raises their tenant's limit through the first; the second keeps the old limit until its clock
 * has passed the documented bound ({@code FAMILIAR_TOKEN_SETTINGS_REFRESH_SECONDS}, 5 s) since it last checked, and
 * applies the new one from then on. A tier changed through the second reaches the first the same way.
 */
@Tag("team")
class TokenSettingsAcrossServersTest {
    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path tempDir;

    @Test
    void aSecondServerPicksUpAChangeMadeOnTheFirstWithinTheRefreshBound() throws Exception {
        MutableClock firstClock = new MutableClock(START);
        MutableClock secondClock = new MutableClock(START);
        FamiliarServer first = TestServers.start(TestServers.config(tempDir), firstClock);
        FamiliarServer second = TestServers.start(first.config(), secondClock);
        try {
            Identity identity = new Identity(first);
            Account admin = identity.admin();
            String acme = TokenSettingsCalls.tenant(first, admin, "Acme");
            Account acmeAdmin = identity.userInTenant("acme-admin", acme, Role.TENANT_ADMIN);
            Account user = identity.userInTenant("acme-user", acme);
            TokenSettingsCalls.tier(first, admin, user, "GOLD");
            assertThat(consume(second, user, 10).header("X-RateLimit-Limit")).isEqualTo("1000");
            secondClock.advance(Duration.ofSeconds(2)); // the change comes 2 s after the second server's last check

            Answer raised = put(first, "/tenant-limits/" + acme, "{\"capacity\":6000,\"windowSeconds\":60}", acmeAdmin);

            assertThat(raised.status()).as(raised.body()).isEqualTo(200);
            assertThat(consume(first, user, 10).header("X-RateLimit-Limit")).as("the first server: at once")
                    .isEqualTo("6000");
            assertThat(consume(second, user, 10).header("X-RateLimit-Limit")).as("the second, 2 s after its check")
                    .isEqualTo("1000");
            secondClock.advance(Duration.ofMillis(2_999));
            assertThat(consume(second, user, 10).header("X-RateLimit-Limit")).as("4.999 s after its check")
                    .isEqualTo("1000");
            secondClock.advance(Duration.ofMillis(1));
            assertThat(consume(second, user, 10).header("X-RateLimit-Limit")).as("5 s after its check: the bound")
                    .isEqualTo("6000");

            // and the other way: a tier changed through the second server reaches the first within the bound
            firstClock.advance(Duration.ofSeconds(10));
            consume(first, user, 10); // the first checks now (nothing new) ...
            assertThat(put(second, "/tiers/GOLD", "{\"priority\":3,\"quotaMaxTokens\":100000,"
                    + "\"capacityMultiplier\":0.5,\"leakMultiplier\":1}", admin).status()).isEqualTo(200);
            assertThat(consume(first, user, 10).header("X-RateLimit-Limit")).isEqualTo("6000");
            firstClock.advance(Duration.ofSeconds(5));
            assertThat(consume(first, user, 10).header("X-RateLimit-Limit")).isEqualTo("3000");
        } finally {
            second.stop();
            first.stop();
        }
    }
}
