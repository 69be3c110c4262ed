package dev.familiar.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.ActivationCodeIssued;
import dev.familiar.model.auth.ApiKeyCreated;
import dev.familiar.model.auth.ApiKeyInfo;
import dev.familiar.model.auth.RegisterResponse;
import dev.familiar.model.auth.TokenPair;
import dev.familiar.model.billing.ReplayResult;
import dev.familiar.model.billing.SignupResult;
import dev.familiar.model.billing.WebhookAccepted;
import dev.familiar.model.client.ApiTransport;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.llm.AnalyticsViews;
import dev.familiar.model.llm.PurchaseStarted;
import dev.familiar.model.llm.QuotaView;
import dev.familiar.model.llm.TokenConsumeOutcome;
import dev.familiar.model.llm.TokenConsumeRequest;
import dev.familiar.model.metering.ConsumeRequest;
import dev.familiar.model.metering.ConsumeResult;
import dev.familiar.model.metering.EntitlementsView;
import dev.familiar.model.metering.TenantCreated;
import dev.familiar.model.metering.UsageRecorded;
import dev.familiar.model.metering.UsageRequest;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed client's areas ({@code auth}, {@code apiKeys}, {@code activation}, {@code signingKeys}, {@code tenants},
 * {@code metering}, {@code signup}, {@code webhooks}, {@code tokens}, {@code analytics}, {@code diag}, and a few calls of
 * {@code promptLab} and {@code functions}) against a real
 * server: every method at least once, its answer read as the server wrote it, and the errors each route answers
 * decoded with their code, status and request id. The clock is frozen, so no leaky bucket drains between calls.
 */
class TypedClientContractTest {
    static final String WEBHOOK_SECRET = "whsec_contract0123456789";
    static final String DOMAIN = "plugin.example.com";
    @TempDir
    static Path tempDir;
    static final MutableClock CLOCK = MutableClock.startingNow();
    static FamiliarServer server;
    static FamiliarClient anonymous;
    static FamiliarClient admin;
    final List<FamiliarClient> opened = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir)
                .withBilling(BillingSettings.dryRun().withWebhookSecrets(List.of(WEBHOOK_SECRET))), CLOCK);
        anonymous = FamiliarClient.connect(server.baseUrl());
        admin = anonymous.withBearer(anonymous.login(TestServers.ADMIN_USERNAME, TestServers.ADMIN_PASSWORD).token());
    }

    @AfterAll
    static void stop() {
        admin.close();
        anonymous.close();
        server.stop();
    }

    @AfterEach
    void closeClients() {
        opened.forEach(FamiliarClient::close);
    }

    private FamiliarClient as(String token) {
        FamiliarClient client = anonymous.withBearer(token);
        opened.add(client);
        return client;
    }

    /** A newly registered user (own tenant, role USER) and a client acting as them. */
    private record User(RegisterResponse account, FamiliarClient client) {
        String id() {
            return account.userId();
        }
    }

    private User register(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        RegisterResponse account = anonymous.auth().register(name, name + "@example.com", "a-long-enough-password");
        return new User(account, as(account.token()));
    }

    /** A client's org-scoped credentials for a new organisation on {@code planCode}. */
    private FamiliarClient plugin(String orgId) {
        ActivationCodeIssued code = admin.activation().mint(orgId, DOMAIN);
        return as(anonymous.auth().activate(code.activationCode()).accessToken());
    }

    private static void assertApiError(ThrowingCallable call, ErrorCode code, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.requestId()).as("the answer's X-Request-Id").isNotBlank();
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fields(ApiError e) {
        return (Map<String, String>) e.details().get("fields");
    }

    // --- auth -----------------------------------------------------------------------------------------------------

    @Test
    void registerAndLoginAnswerTokensThatTheServerAccepts() {
        User user = register("reg");

        assertThat(user.account().roles()).containsExactly("USER");
        var login = anonymous.auth().login(user.account().username(), "a-long-enough-password");
        assertThat(login.userId()).isEqualTo(user.id());
        assertThat(login.expiresAt()).isAfter(CLOCK.instant());
        assertThat(as(login.token()).apiKeys().list(user.id())).isEmpty();
    }

    @Test
    void registrationErrorsAreDecodedFromThePlainFamily() {
        User taken = register("dup");

        assertApiError(() -> anonymous.auth().register(taken.account().username(), "other@example.com",
                "a-long-enough-password"), ErrorCode.CONFLICT, 409);
        assertThatThrownBy(() -> anonymous.auth().register("short-pw", "s@example.com", "short"))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(fields(e)).containsKey("password");
                    assertThat(fields(e).get("password")).contains("at least 12");
                });
        assertApiError(() -> anonymous.auth().login(taken.account().username(), "not-the-password"),
                ErrorCode.UNAUTHENTICATED, 401);
    }

    @Test
    void anActivationCodeIsSpentOnceAndRefreshRotatesTheFamily() {
        TenantCreated org = admin.tenants().create("Activation Co", "starter", null);
        ActivationCodeIssued code = admin.activation().mint(org.orgId(), DOMAIN);
        assertThat(code.expiresAt()).isAfter(CLOCK.instant());

        TokenPair pair = anonymous.auth().activate(code.activationCode());

        assertThat(pair.scope()).contains("usage:write");
        assertThat(as(pair.accessToken()).metering().entitlements().planCode()).isEqualTo("starter");
        assertApiError(() -> anonymous.auth().activate(code.activationCode()), ErrorCode.UNAUTHENTICATED, 401);
        TokenPair rotated = anonymous.auth().refresh(pair.refreshToken(), DOMAIN);
        assertThat(rotated.refreshToken()).isNotEqualTo(pair.refreshToken());
        assertApiError(() -> anonymous.auth().refresh(rotated.refreshToken(), "elsewhere.example.com"),
                ErrorCode.UNAUTHENTICATED, 401);
        assertApiError(() -> anonymous.auth().refresh("not-a-refresh-token", DOMAIN), ErrorCode.UNAUTHENTICATED, 401);
        // presenting the spent token again revokes the family: its newest tokens stop working too
        assertApiError(() -> anonymous.auth().refresh(pair.refreshToken(), DOMAIN), ErrorCode.REACTIVATION_REQUIRED, 401);
        assertApiError(() -> anonymous.auth().refresh(rotated.refreshToken(), DOMAIN), ErrorCode.REACTIVATION_REQUIRED,
                401);
        assertApiError(() -> as(rotated.accessToken()).metering().entitlements(), ErrorCode.UNAUTHENTICATED, 401);
    }

    // --- activation, tenants, signing keys ---------------------------------------------------------------------------

    @Test
    void onlyAnAdminMintsCodesAndOnlyForAnOrganisationThatExists() {
        User user = register("mint");

        assertApiError(() -> user.client().activation().mint(user.account().userId(), DOMAIN), ErrorCode.FORBIDDEN, 403);
        assertApiError(() -> admin.activation().mint(UUID.randomUUID().toString(), DOMAIN), ErrorCode.NOT_FOUND, 404);
        assertThatThrownBy(() -> admin.activation().mint("not-a-uuid", "bad domain"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(fields(e)).containsKeys("orgId", "domain"));
    }

    @Test
    void tenantsAreCreatedTrialingWhenAskedAndBadInputNamesTheField() {
        TenantCreated trial = admin.tenants().create("Trial Co", "pro", 14);

        assertThat(trial.planCode()).isEqualTo("pro");
        assertThat(trial.status()).isEqualTo("trialing");
        assertThat(admin.tenants().create("Active Co", "starter", 0).status()).isEqualTo("active");
        assertThatThrownBy(() -> admin.tenants().create("Bad", "Not A Plan", null))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(fields(e)).containsKey("planCode"));
    }

    @Test
    void aRotatedSigningKeyIsPublishedAndOldTokensStillVerify() {
        User user = register("rotate");

        String kid = admin.signingKeys().rotate().kid();

        assertThat(anonymous.signingKeys().publicKeys().path("keys").findValuesAsText("kid")).contains(kid);
        assertThat(user.client().apiKeys().list(user.id())).isEmpty();
        assertApiError(() -> user.client().signingKeys().rotate(), ErrorCode.FORBIDDEN, 403);
    }

    // --- API keys -----------------------------------------------------------------------------------------------------

    @Test
    void aKeyIsShownOnceListedWithoutItselfValidatedAndRevoked() {
        User user = register("keys");

        ApiKeyCreated created = user.client().apiKeys().create(user.id(), "ci");

        assertThat(created.rawKey()).startsWith("famk_").isEqualTo(created.apiKey());
        List<ApiKeyInfo> keys = user.client().apiKeys().list(user.id());
        assertThat(keys).extracting(ApiKeyInfo::id).containsExactly(created.id());
        assertThat(keys.get(0).revokedAt()).isNull();
        assertThat(anonymous.apiKeys().validate(created.rawKey()).userId()).isEqualTo(user.id());
        assertThat(as(created.rawKey()).apiKeys().list(user.id())).hasSize(1);

        user.client().apiKeys().revoke(user.id(), created.id());

        assertThat(user.client().apiKeys().list(user.id()).get(0).revokedAt()).isNotNull();
        assertApiError(() -> anonymous.apiKeys().validate(created.rawKey()), ErrorCode.UNAUTHENTICATED, 401);
        assertApiError(() -> user.client().apiKeys().revoke(user.id(), created.id()), ErrorCode.NOT_FOUND, 404);
    }

    @Test
    void aUserMayNotManageAnotherUsersKeys() {
        User owner = register("owner");
        User stranger = register("stranger");

        assertApiError(() -> stranger.client().apiKeys().list(owner.id()), ErrorCode.FORBIDDEN, 403);
        assertApiError(() -> stranger.client().apiKeys().create(owner.id(), "x"), ErrorCode.FORBIDDEN, 403);
        assertApiError(() -> anonymous.apiKeys().list(owner.id()), ErrorCode.UNAUTHENTICATED, 401);
        assertThat(admin.apiKeys().create(owner.id(), "by-admin").userId()).isEqualTo(owner.id());
    }

    // --- sign-up ------------------------------------------------------------------------------------------------------

    @Test
    void signUpAnswersAnActivationCodeThatWorksAndASecondSignUpIsOrgExists() {
        String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@dragon.example";

        SignupResult signup = anonymous.signup().signUp("Dragon Co", email);

        assertThat(signup.planCode()).isEqualTo("starter");
        assertThat(signup.trialEndsAt()).isAfter(CLOCK.instant());
        FamiliarClient plugin = as(anonymous.auth().activate(signup.activationCode()).accessToken());
        assertThat(plugin.metering().entitlements().status()).isEqualTo("trialing");
        assertApiError(() -> anonymous.signup().signUp("Other", email), ErrorCode.ORG_EXISTS, 409);
    }

    // --- metering -----------------------------------------------------------------------------------------------------

    @Test
    void usageCheckAndConsumeCountTheOrganisationsUnitsUntilTheQuotaIsSpent() {
        TenantCreated org = admin.tenants().create("Metered Co", "starter", 0);
        FamiliarClient plugin = plugin(org.orgId());

        UsageRecorded recorded = plugin.metering().recordUsage(new UsageRequest(org.orgId(), "api_call", 100L,
                CLOCK.instant().toString(), "usage-1"));
        assertThat(recorded.used()).isEqualTo(100);
        assertThat(plugin.metering().check(org.orgId(), null).remaining()).isEqualTo(900);
        ConsumeResult consumed = plugin.metering().consume(new ConsumeRequest(org.orgId(), null, 900L, "consume-1"));
        assertThat(consumed.allow()).isTrue();
        assertThat(consumed.remaining()).isZero();
        assertThat(plugin.metering().consume(new ConsumeRequest(org.orgId(), null, 900L, "consume-1")))
                .as("a retry gets the first answer").isEqualTo(consumed);
        EntitlementsView view = plugin.metering().entitlements("api_call");
        assertThat(view.used()).isEqualTo(1000);
        assertThat(view.includedUnits()).isEqualTo(1000);

        assertThatThrownBy(() -> plugin.metering().check(org.orgId(), "api_call"))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(((Number) e.details().get(ApiTransport.RETRY_AFTER_DETAIL)).longValue()).isPositive();
                });
        assertApiError(() -> plugin.metering().consume(new ConsumeRequest(org.orgId(), null, 5L, "consume-1")),
                ErrorCode.IDEMPOTENCY_CONFLICT, 409);
        assertApiError(() -> plugin.metering().check(UUID.randomUUID().toString(), null), ErrorCode.FORBIDDEN, 403);
    }

    @Test
    void theQuotaResetIsForAdminsAndADryRunSaysSo() {
        User user = register("reset");

        assertThat(admin.metering().resetQuotas(true).dryRun()).isTrue();
        assertThat(admin.metering().resetQuotas(false).dryRun()).isFalse();
        assertThat(admin.metering().resetQuotas(true).updated()).as("nothing is left to roll over").isZero();
        assertApiError(() -> user.client().metering().resetQuotas(true), ErrorCode.FORBIDDEN, 403);
    }

    // --- webhooks -----------------------------------------------------------------------------------------------------

    static String signature(long timestamp, byte[] payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal(payload));
    }

    @Test
    void aSignedEventIsStoredOnceListedAndReplayed() throws Exception {
        String id = "evt_contract_" + UUID.randomUUID().toString().replace("-", "");
        long now = CLOCK.instant().getEpochSecond();
        // spaces and order as Stripe sends them: the signature covers these exact bytes
        byte[] payload = ("{\"id\": \"" + id + "\", \"object\": \"event\", \"created\": " + now
                + ", \"type\": \"customer.created\", \"data\": {\"object\": {\"id\": \"cus_contract\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        String signature = signature(now, payload);

        WebhookAccepted first = anonymous.webhooks().deliverStripeEvent(payload, signature);
        WebhookAccepted again = anonymous.webhooks().deliverStripeEvent(payload, signature);

        assertThat(first.eventId()).isEqualTo(id);
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(admin.webhooks().events(null, 500)).anySatisfy(e -> assertThat(e.eventId()).isEqualTo(id));
        String unknown = "evt_unknown_" + UUID.randomUUID().toString().replace("-", "");
        ReplayResult replay = admin.webhooks().replay(List.of(id, unknown));
        assertThat(replay.enqueued()).isEqualTo(1);
        assertThat(replay.unknown()).containsExactly(unknown);
    }

    @Test
    void aBadSignatureStoresNothingAndTheInboxFilterIsChecked() throws Exception {
        byte[] payload = ("{\"id\":\"evt_forged\",\"created\":" + CLOCK.instant().getEpochSecond()
                + ",\"type\":\"invoice.paid\",\"data\":{\"object\":{}}}").getBytes(StandardCharsets.UTF_8);
        byte[] tampered = new String(payload, StandardCharsets.UTF_8).replace("forged", "forgeD")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> anonymous.webhooks().deliverStripeEvent(tampered,
                signature(CLOCK.instant().getEpochSecond(), payload)))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(fields(e)).containsKey("Stripe-Signature");
                });
        assertApiError(() -> anonymous.webhooks().deliverStripeEvent(payload, null), ErrorCode.VALIDATION_FAILED, 400);
        assertThat(admin.webhooks().events(null, 500)).noneSatisfy(e -> assertThat(e.eventId()).startsWith("evt_forge"));
        assertThatThrownBy(() -> admin.webhooks().events("BOGUS", null))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(fields(e)).containsKey("status"));
        assertApiError(() -> register("hooks").client().webhooks().events(null, null), ErrorCode.FORBIDDEN, 403);
    }

    // --- tokens -------------------------------------------------------------------------------------------------------

    @Test
    void consumeAnswersItsBucketUntilItIsFullThenA429Outcome() {
        User user = register("bucket");
        admin.tokens().setTier(user.id(), "ENTERPRISE", null);

        TokenConsumeOutcome first = user.client().tokens().consume(
                new TokenConsumeRequest(user.id(), null, "openai", 1000L, "hello"));
        TokenConsumeOutcome refused = user.client().tokens().consume(
                new TokenConsumeRequest(user.id(), null, "openai", 1L, null));

        assertThat(first.allowed()).isTrue();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.response().providerResponse().provider()).isEqualTo("openai");
        assertThat(first.rateLimit().limit()).isEqualTo(1000);
        assertThat(first.rateLimit().remaining()).isZero();
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.rateLimit().retryAfterSeconds()).isPositive();
        assertThat(refused.response().waitSeconds()).isEqualTo(refused.rateLimit().retryAfterSeconds());
        QuotaView quota = user.client().tokens().quota(user.id(), "openai");
        assertThat(quota.tier()).isEqualTo("ENTERPRISE");
        assertThat(quota.totalTokens() - quota.remainingTokens()).isEqualTo(1000);
    }

    @Test
    void theFreeTiersSpentQuotaIsPaymentRequiredWithTheUpgradeUrl() {
        User user = register("free");
        assertApiError(() -> user.client().tokens().quota(user.id(), "openai"), ErrorCode.NOT_FOUND, 404);

        var tier = admin.tokens().setTier(user.id(), "FREE", null);

        assertThat(tier.quotaTokens()).isEqualTo(100);
        assertThat(user.client().tokens().tier(user.id()).tier()).isEqualTo("FREE");
        assertThat(user.client().tokens().consume(new TokenConsumeRequest(user.id(), null, "openai", 100L, null))
                .allowed()).isTrue();
        assertThatThrownBy(() -> user.client().tokens().consume(
                new TokenConsumeRequest(user.id(), null, "openai", 1L, null)))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_REQUIRED);
                    assertThat(e.details().get("upgradeUrl")).asString().startsWith("https://");
                });
        assertApiError(() -> user.client().tokens().setTier(user.id(), "GOLD", null), ErrorCode.FORBIDDEN, 403);
        assertApiError(() -> user.client().tokens().tier(register("other").id()), ErrorCode.FORBIDDEN, 403);
    }

    @Test
    void anOrganisationsQuotaIsSetByAnAdminAndReadByItsMembersOnly() {
        User member = register("member");
        String orgId = dev.familiar.server.Identity.tenantOf(member.account().token());

        QuotaView set = admin.tokens().setOrgQuota(orgId, "qwen", 5000);

        assertThat(set.orgId()).isEqualTo(orgId);
        assertThat(set.totalTokens()).isEqualTo(5000);
        assertThat(member.client().tokens().orgQuota(orgId, "qwen").remainingTokens()).isEqualTo(5000);
        assertApiError(() -> register("outsider").client().tokens().orgQuota(orgId, "qwen"), ErrorCode.FORBIDDEN, 403);
        assertApiError(() -> admin.tokens().setOrgQuota(UUID.randomUUID().toString(), "qwen", 1), ErrorCode.NOT_FOUND,
                404);
        assertThatThrownBy(() -> admin.tokens().setOrgQuota(orgId, "no-such-provider", 1))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(fields(e)).containsKey("provider"));
    }

    @Test
    void aPurchaseIsIdempotentOnItsKeyCompletesAndIsPrivateToItsBuyer() {
        User buyer = register("buyer");
        buyer.client().tokens().consume(new TokenConsumeRequest(buyer.id(), null, "gemini", 1L, null));
        String key = "contract-" + UUID.randomUUID();

        PurchaseStarted started = buyer.client().tokens().purchase(buyer.id(), null, "gemini", 2000, key);
        PurchaseStarted retried = buyer.client().tokens().purchase(buyer.id(), null, "gemini", 2000, key);

        assertThat(retried.sagaId()).isEqualTo(started.sagaId());
        eventually("the purchase completes",
                () -> buyer.client().tokens().purchase(started.sagaId()).status().equals("COMPLETED"));
        var view = buyer.client().tokens().purchase(started.sagaId());
        assertThat(view.idempotencyKey()).isEqualTo(key);
        assertThat(view.tokens()).isEqualTo(2000);
        assertThat(buyer.client().tokens().quota(buyer.id(), "gemini").purchasedTokens()).isEqualTo(2000);
        assertApiError(() -> register("peeker").client().tokens().purchase(started.sagaId()), ErrorCode.NOT_FOUND, 404);
        assertApiError(() -> buyer.client().tokens().purchase(register("gift").id(), null, "gemini", 1, null),
                ErrorCode.FORBIDDEN, 403);
    }

    @Test
    void theTokenServiceStatusNamesItsDryRunProviders() {
        var status = anonymous.tokens().status();

        assertThat(status.status()).isEqualTo("ok");
        assertThat(status.dryRunProviders()).contains("openai");
    }

    // --- analytics ----------------------------------------------------------------------------------------------------

    @Test
    void analyticsReportTheCallersOwnConsumesAndCostIsForAdmins() {
        User user = register("analyst");
        user.client().tokens().consume(new TokenConsumeRequest(user.id(), null, "qwen", 30L, null));
        user.client().tokens().consume(new TokenConsumeRequest(user.id(), null, "qwen", 20L, null));
        eventually("both events are written", () -> user.client().analytics().usage("qwen", 10).count() == 2);

        AnalyticsViews.UsagePage usage = user.client().analytics().usage(null, null);
        AnalyticsViews.Report report = user.client().analytics().report("qwen", 60, 5);
        AnalyticsViews.Anomaly anomaly = user.client().analytics().anomalies("qwen", 60, 4, new BigDecimal("2.5"));
        AnalyticsViews.CostReport cost = admin.analytics().cost(CLOCK.instant().minus(Duration.ofDays(1)),
                CLOCK.instant().plusSeconds(1), "qwen");

        assertThat(usage.items()).allSatisfy(e -> assertThat(e.userId()).isEqualTo(user.id()));
        assertThat(report.totalTokens()).isEqualTo(50);
        assertThat(report.averageTokens()).isEqualByComparingTo("25");
        assertThat(report.topUsers()).extracting(AnalyticsViews.TopUser::userId).containsExactly(user.id());
        assertThat(anomaly.currentTokens()).isEqualTo(50);
        assertThat(anomaly.anomaly()).as("a first use is not a spike").isFalse();
        assertThat(anomaly.threshold()).isEqualByComparingTo("2.5");
        String orgId = dev.familiar.server.Identity.tenantOf(user.account().token());
        assertThat(cost.items()).anySatisfy(item -> {
            assertThat(item.orgId()).isEqualTo(orgId);
            assertThat(item.tokens()).isEqualTo(50);
        });
        assertThat(anonymous.analytics().health().status()).isEqualTo("ok");
        assertApiError(() -> user.client().analytics().cost(null, null, null), ErrorCode.FORBIDDEN, 403);
        assertThatThrownBy(() -> user.client().analytics().report(null, 0, null))
                .isInstanceOfSatisfying(ApiError.class,
                        e -> assertThat(fields(e)).containsKeys("provider", "windowMinutes"));
    }

    // --- diag ---------------------------------------------------------------------------------------------------------

    @Test
    void diagSmokesThroughBothPathsAndServesMetricsAndTheContract() {
        assertThat(anonymous.diag().smoke().ok()).isTrue();
        assertThat(anonymous.diag().smoke(50).ok()).isTrue();
        assertThatThrownBy(() -> anonymous.diag().smoke(0))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(fields(e)).containsKey("iterations"));
        assertThat(anonymous.diag().metrics()).contains("familiar_diag_smoke_calls");
        assertThat(anonymous.diag().openApi().path("paths").has("/api/v1/tokens/consume")).isTrue();
        assertThat(anonymous.health().isUp()).isTrue();
        assertThat(anonymous.live().isUp()).isTrue();
    }

    // --- promptLab, functions ----------------------------------------------------------------------------------------

    @Test
    void promptLabCreatesVersionsRequestsADeploymentAndTheRuntimeSaysWhatIsDeployed() {
        dev.familiar.model.prompt.PromptFunctionView created = admin.promptLab().createFunction("contract-fn", "typed");
        assertThat(created.latestVersion()).isZero();
        assertApiError(() -> admin.promptLab().createFunction("contract-fn", "again"), ErrorCode.CONFLICT, 409);
        dev.familiar.model.prompt.PromptVersionView v1 = admin.promptLab().createVersion("contract-fn",
                new dev.familiar.model.prompt.PromptVersionCreate("Hi {{who}}", List.of(dev.familiar.model.prompt
                        .PromptParameter.required("who", dev.familiar.model.prompt.ParameterType.STRING)),
                        new dev.familiar.model.prompt.PromptSettings(null, null, null, 20, null, null)));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.settings().maxTokens()).isEqualTo(20);
        assertThatThrownBy(() -> admin.promptLab().createVersion("contract-fn", new dev.familiar.model.prompt
                .PromptVersionCreate("Hi {{whom}}", List.of(), null))).isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(fields(e)).containsKey("template");
                });
        assertThat(admin.promptLab().versions("contract-fn")).extracting(v -> v.version()).containsExactly(1);
        dev.familiar.model.prompt.DeploymentView requested = admin.promptLab().deploy("contract-fn", 1, 1);
        assertThat(requested.status()).isEqualTo("PENDING_APPROVAL");
        assertThat(admin.promptLab().pendingApprovals().items()).extracting(d -> d.id()).contains(requested.id());
        assertApiError(() -> admin.promptLab().approve("contract-fn", requested.id()), ErrorCode.FORBIDDEN, 403);
        assertThat(admin.promptLab().status().approvalRequired()).isTrue();
        assertThat(admin.promptLab().export("contract-fn").versions()).hasSize(1);
        assertThat(admin.functions().catalog().functions()).noneMatch(f -> f.name().equals("contract-fn"));
        assertApiError(() -> admin.functions().invoke("contract-fn", new dev.familiar.model.prompt.InvokeRequest(1,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("who", "Ada"), null)),
                ErrorCode.NOT_FOUND, 404);
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
