package dev.familiar.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.ConfigLoader;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 5: registration runs a 600,000-iteration password hash for anyone, so it is limited per client
 * address and clock minute, like sign-up; over the limit it answers the {@code 002} error body with 429 and
 * {@code Retry-After}, before any hashing or writing.
 */
class RegistrationRateLimitTest {
    static final int PER_MINUTE = 3;
    @TempDir
    Path tempDir;
    /** 20 s into a minute: the next minute starts in 40 s. */
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:20Z"));
    FamiliarServer server;

    @BeforeEach
    void start() {
        server = TestServers.start(TestServers.config(tempDir).withRegistrationsPerMinute(PER_MINUTE), clock);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Answer register(String username) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/auth/register", "{\"username\":\"" + username
                + "\",\"email\":\"" + username + "@example.com\",\"password\":\"" + Identity.PASSWORD + "\"}");
    }

    @Test
    void registrationsAboveTheLimitOfAnAddressGet429WithRetryAfterUntilTheNextMinute() {
        for (int i = 0; i < PER_MINUTE; i++) {
            assertThat(register("limited-" + i).status()).isEqualTo(201);
        }

        Answer refused = register("limited-over");

        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("40");
        assertThat(refused.json().path("message").asText()).contains("Too many registrations");
        assertThat(refused.json().has("timestamp")).isTrue();
        assertThat(refused.json().has("ok")).as("the 002 body, not the envelope").isFalse();
        GoldenFiles.assertMatches("auth-register-429", refused.status(), refused.body());
        assertThat(HttpCalls.post(server.baseUrl() + "/api/v1/auth/login", "{\"username\":\"limited-over\",\"password\":\""
                + Identity.PASSWORD + "\"}").status()).as("nothing was created").isEqualTo(401);

        clock.advance(Duration.ofSeconds(40));
        assertThat(register("limited-over").status()).as("a new minute").isEqualTo(201);
    }

    @Test
    void invalidRegistrationsAreRefusedWithoutUsingTheAllowance() {
        for (int i = 0; i < PER_MINUTE + 2; i++) {
            assertThat(HttpCalls.post(server.baseUrl() + "/api/v1/auth/register",
                    "{\"username\":\"x\",\"email\":\"no\",\"password\":\"short\"}").status()).isEqualTo(400);
        }
        assertThat(register("still-allowed").status()).isEqualTo(201);
    }

    @Test
    void theLimitIsConfiguredByFamiliarRegistrationsPerMinuteWithADefaultOfFive() {
        assertThat(ConfigLoader.load(Map.of(), Path.of("/home/x")).registrationsPerMinute())
                .isEqualTo(ServerConfig.DEFAULT_REGISTRATIONS_PER_MINUTE).isEqualTo(5);
        assertThat(ConfigLoader.load(Map.of("FAMILIAR_REGISTRATIONS_PER_MINUTE", "12"), Path.of("/home/x"))
                .registrationsPerMinute()).isEqualTo(12);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(
                Map.of("FAMILIAR_REGISTRATIONS_PER_MINUTE", "0"), Path.of("/home/x")))
                .hasMessageContaining("FAMILIAR_REGISTRATIONS_PER_MINUTE");
    }
}
