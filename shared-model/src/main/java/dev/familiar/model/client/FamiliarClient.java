package dev.familiar.model.client;

import dev.familiar.model.auth.LoginRequest;
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

    private FamiliarClient(ApiTransport transport) {
        this.transport = transport;
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
        HttpUrl url = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
        if (url == null) {
            throw new IllegalArgumentException("Not an http(s) URL: " + baseUrl);
        }
        return new FamiliarClient(new ApiTransport(url, authorization, TIMEOUT));
    }

    public String baseUrl() {
        return transport.baseUrl().toString();
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

    /** UC-15 smoke call: proves the server's request path, logs and metrics work. */
    public SmokeResult smoke() {
        return transport.get("api/diag/smoke").envelope(SmokeResult.class);
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
        return transport.post("api/v1/auth/login").anonymous().body(new LoginRequest(username, password))
                .plain(LoginResponse.class);
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
