package dev.familiar.model.client;

import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.diag.HealthReport;
import dev.familiar.model.diag.SmokeResult;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * A typed client of a quota-server. The admin console talks to a server only through this class, whether the
 * server runs in the console's own JVM or elsewhere.
 *
 * <p>Its routes are split by area, as stripe-java's {@code client.v1().customers()}: {@code client.catalog()},
 * {@code client.customers()}, {@code client.users()}, {@code client.billing()}… all over one {@link ApiTransport}
 * and its one error decoder. Envelope-family calls return the envelope's {@code data}; an error of either family
 * becomes an {@link dev.familiar.model.api.ApiError} with the server's code, message, status, details and request
 * id. A server that cannot be reached becomes a {@link ServerUnreachableException}. Instances are thread-safe.
 */
public final class FamiliarClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final ApiTransport transport;
    private final AuthClient auth;
    private final ApiKeysClient apiKeys;
    private final ActivationClient activation;
    private final SigningKeysClient signingKeys;
    private final TenantsClient tenants;
    private final MeteringClient metering;
    private final SignupClient signup;
    private final WebhooksClient webhooks;
    private final TokensClient tokens;
    private final AnalyticsClient analytics;
    private final DiagClient diag;

    private FamiliarClient(ApiTransport transport) {
        this.transport = transport;
        this.auth = new AuthClient(transport);
        this.apiKeys = new ApiKeysClient(transport);
        this.activation = new ActivationClient(transport);
        this.signingKeys = new SigningKeysClient(transport);
        this.tenants = new TenantsClient(transport);
        this.metering = new MeteringClient(transport);
        this.signup = new SignupClient(transport);
        this.webhooks = new WebhooksClient(transport);
        this.tokens = new TokensClient(transport);
        this.analytics = new AnalyticsClient(transport);
        this.diag = new DiagClient(transport);
    }

    /** A client of the server at {@code baseUrl} (for example {@code http://127.0.0.1:8080}), without credentials. */
    public static FamiliarClient connect(String baseUrl) {
        return connect(baseUrl, null);
    }

    /**
     * A client that sends {@code authorization} (a full header value such as {@code Bearer ...}) with every call;
     * {@code null} sends none.
     */
    public static FamiliarClient connect(String baseUrl, String authorization) {
        return connectRenewing(baseUrl, () -> authorization);
    }

    /**
     * A client that asks {@code authorization} for the header value before every call (a session that renews its
     * token, such as the console's on its embedded server); a null answer sends none.
     */
    public static FamiliarClient connectRenewing(String baseUrl, java.util.function.Supplier<String> authorization) {
        Objects.requireNonNull(authorization, "authorization");
        HttpUrl url = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
        if (url == null) {
            throw new IllegalArgumentException("Not an http(s) URL: " + baseUrl);
        }
        return new FamiliarClient(new ApiTransport(url, authorization, TIMEOUT));
    }

    public String baseUrl() {
        return transport.baseUrl().toString();
    }

    /** The caller's own account: accepting an invitation or reset code, changing the password. */
    public AccountClient account() {
        return new AccountClient(transport);
    }

    /** The plan catalog (ADMIN). */
    public CatalogClient catalog() {
        return new CatalogClient(transport);
    }

    /** The customers page and one customer's detail (ADMIN). */
    public CustomersClient customers() {
        return new CustomersClient(transport);
    }

    /** Plans, invoices, payment methods and the admin subscription lifecycle. */
    public BillingClient billing() {
        return new BillingClient(transport);
    }

    /** The transport every area uses (for a route no area covers yet). */
    public ApiTransport transport() {
        return transport;
    }

    /** Registration, login, and the activation and refresh of client plugins' tokens. */
    public AuthClient auth() {
        return auth;
    }

    /** API keys: create, list, revoke, validate. */
    public ApiKeysClient apiKeys() {
        return apiKeys;
    }

    /** Activation codes of organisations' client plugins (ADMIN). */
    public ActivationClient activation() {
        return activation;
    }

    /** The JWT signing keys: public keys and rotation (ADMIN). */
    public SigningKeysClient signingKeys() {
        return signingKeys;
    }

    /** Organisations created without a payment provider (ADMIN). */
    public TenantsClient tenants() {
        return tenants;
    }

    /** Entitlements, usage, quota check and consume, and the period rollover (ADMIN). */
    public MeteringClient metering() {
        return metering;
    }

    /** Self-service sign-up (public). */
    public SignupClient signup() {
        return signup;
    }

    /** The webhook inbox (ADMIN) and the Stripe intake (public). */
    public WebhooksClient webhooks() {
        return webhooks;
    }

    /** The LLM token API: consume, quotas, tiers, purchases. */
    public TokensClient tokens() {
        return tokens;
    }

    /** Token analytics: usage, reports, anomalies, cost. */
    public AnalyticsClient analytics() {
        return analytics;
    }

    /** Operators' routes: smoke, metrics, the OpenAPI document. */
    public DiagClient diag() {
        return diag;
    }

    /** User accounts: {@code /api/admin/users} (ADMIN, or TENANT_ADMIN for their tenant), invitations, resets. */
    public UsersClient users() {
        return new UsersClient(transport);
    }

    /** Prompt functions, versions, the lab's iterations, data sets, batches, budgets and deployments. */
    public PromptLabClient promptLab() {
        return new PromptLabClient(transport);
    }

    /** Deployed prompt functions: the catalog and invocation (product code, tenant credentials). */
    public FunctionsClient functions() {
        return new FunctionsClient(transport);
    }

    /** Microsoft Entra groups (or the local directory's), members, directory users, group → role mappings (ADMIN). */
    public DirectoryClient directory() {
        return new DirectoryClient(transport);
    }

    /** The audit log: query and CSV export (ADMIN; a TENANT_ADMIN sees their own tenant's). */
    public AuditClient audit() {
        return new AuditClient(transport);
    }

    /** Usage and token dashboards, cost allocation (ADMIN). */
    public DashboardClient dashboard() {
        return new DashboardClient(transport);
    }

    /** Token settings at run time: tiers, tenant rate limits, organisation quotas. */
    public TokenSettingsClient tokenSettings() {
        return new TokenSettingsClient(transport);
    }

    /** Token purchase sagas and their steps (ADMIN). */
    public PurchasesClient purchases() {
        return new PurchasesClient(transport);
    }

    /** UC-15 smoke call: proves the server's request path, logs and metrics work. */
    public SmokeResult smoke() {
        return diag.smoke();
    }

    /** Readiness: whether the server and its database (and Redis, when configured) answer. */
    public HealthReport health() {
        return transport.get("health/ready").report(HealthReport.class);
    }

    /** Liveness: whether the server process answers at all. */
    public HealthReport live() {
        return transport.get("health/live").report(HealthReport.class);
    }

    /**
     * Password login ({@code POST /api/v1/auth/login}); the answer's token opens a client with
     * {@link #withBearer(String)}. Bad credentials become an {@link dev.familiar.model.api.ApiError}
     * {@code UNAUTHENTICATED} (401), throttling one with {@code RATE_LIMITED} (429, {@code retryAfterSeconds}).
     */
    public LoginResponse login(String username, String password) {
        return auth.login(username, password);
    }

    /**
     * A client of the same server that sends {@code Authorization: Bearer <token>} (a JWT or an API key); it has
     * its own connections and is closed apart from this one.
     */
    public FamiliarClient withBearer(String token) {
        return new FamiliarClient(transport.withAuthorization("Bearer " + token));
    }

    @Override
    public void close() {
        transport.close();
    }
}
