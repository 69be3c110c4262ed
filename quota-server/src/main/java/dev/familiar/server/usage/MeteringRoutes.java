package dev.familiar.server.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.api.SuccessEnvelope;
import dev.familiar.model.metering.ConsumeRequest;
import dev.familiar.model.metering.ConsumeResult;
import dev.familiar.model.metering.EntitlementsView;
import dev.familiar.model.metering.QuotaCheckRequest;
import dev.familiar.model.metering.QuotaDecision;
import dev.familiar.model.metering.UsageRecorded;
import dev.familiar.model.metering.UsageRequest;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.entitlement.EntitlementService;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RequestContextFilter;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.quota.QuotaDenials;
import dev.familiar.server.security.SecretTokens;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The metered runtime: UC-02 entitlements, UC-03 idempotent usage, UC-04 quota check (UC-05 denials) and the
 * check-and-count {@code consume}. Every route serves only the caller's own organisation ({@code orgId} must be
 * the caller's tenant: 403 otherwise).
 */
public final class MeteringRoutes implements RouteModule {
    static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    static final Duration MAX_AGE = Duration.ofDays(35);
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final JsonBodies bodies;
    private final ObjectMapper mapper;
    private final EntitlementService entitlements;
    private final UsageLedger ledger;
    private final UsageCounters counters;
    private final Clock clock;
    private final long maxValue;

    public MeteringRoutes(JsonBodies bodies, ObjectMapper mapper, EntitlementService entitlements, UsageLedger ledger,
                          UsageCounters counters, Clock clock, long maxValue) {
        this.bodies = bodies;
        this.mapper = mapper;
        this.entitlements = entitlements;
        this.ledger = ledger;
        this.counters = counters;
        this.clock = clock;
        this.maxValue = maxValue;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/me/entitlements", Access.authenticated("entitlements:read"), this::entitlements);
        routes.post("/api/v1/usage", Access.authenticated("usage:write"), this::usage);
        routes.post("/api/quota/check", Access.authenticated("usage:write"), this::check);
        routes.post("/api/quota/consume", Access.authenticated("usage:write"), this::consume);
    }

    private void entitlements(Context ctx) throws Exception {
        Principal caller = Principals.require(ctx);
        String metric = Optional.ofNullable(ctx.queryParam("metric")).orElse(PlanStore.API_CALL);
        EntitlementService.Current current = entitlements.current(caller.tenantId());
        long included = current.allowance(metric);
        long used = counters.used(new CounterKey(caller.tenantId(), metric, current.period().key()));
        ApiResponses.ok(ctx, new EntitlementsView(current.plan().code(), current.entitlement().status().wireName(),
                included, used, Math.max(0, included - used), current.period().key()));
    }

    private void usage(Context ctx) throws Exception {
        Principal caller = Principals.require(ctx);
        UsageRequest request = bodies.read(ctx, UsageRequest.class);
        Validation v = new Validation();
        v.uuid("orgId", request.orgId());
        v.text("metric", request.metric(), 1, 64, METRIC, "must be a metric name such as api_call");
        value(v, request.value());
        Instant occurredAt = occurredAt(v, request.occurredAt());
        v.text("request_id", request.requestId(), 1, 255, null, null);
        v.check();
        ownOrg(caller, request.orgId());
        String hash = SecretTokens.sha256("usage|" + request.metric() + "|" + request.value() + "|" + occurredAt);
        // Retries are answered by the ledger, inside the same transaction that would count them.
        EntitlementService.Current current = entitlements.currentAt(caller.tenantId(), occurredAt);
        long allowance = knownMetric(current, request.metric());
        CounterKey key = new CounterKey(caller.tenantId(), request.metric(), current.period().key());
        String periodKey = current.period().key();
        var meta = RequestContextFilter.current(ctx).meta();
        UsageCommand command = new UsageCommand(UsageCommand.Kind.RECORD, key, request.requestId(), request.value(),
                allowance, occurredAt, hash, (usedAfter, limit) -> stored(200, SuccessEnvelope.of(new UsageRecorded(
                        periodKey, usedAfter, Math.max(0, limit - usedAfter), Math.max(0, usedAfter - limit)), meta)));
        answer(ctx, await(ledger.submit(command)), current);
    }

    private void check(Context ctx) throws Exception {
        Principal caller = Principals.require(ctx);
        QuotaCheckRequest request = bodies.read(ctx, QuotaCheckRequest.class);
        Validation v = new Validation();
        v.uuid("orgId", request.orgId());
        String metric = request.metric() == null ? PlanStore.API_CALL : request.metric();
        // the METRIC rule without a regular expression on the hot path; the same answers as v.text(..., METRIC, ...)
        v.text("metric", metric, 1, 64, null, null);
        if (!metric.isBlank() && metric.length() <= 64 && !isMetricName(metric)) {
            v.problem("metric", "must be a metric name such as api_call");
        }
        v.check();
        ownOrg(caller, request.orgId());
        Instant now = clock.instant();
        EntitlementService.Current current = entitlements.currentAt(caller.tenantId(), now);
        long allowance = knownMetric(current, metric);
        if (!current.usable()) {
            throw QuotaDenials.inactive(current.entitlement().status().wireName());
        }
        long used = counters.used(new CounterKey(caller.tenantId(), metric, current.period().key()));
        if (used >= allowance) {
            throw QuotaDenials.exhausted(current.period(), now);
        }
        ApiResponses.ok(ctx, new QuotaDecision(true, allowance - used));
    }

    private void consume(Context ctx) throws Exception {
        Principal caller = Principals.require(ctx);
        ConsumeRequest request = bodies.read(ctx, ConsumeRequest.class);
        Validation v = new Validation();
        v.uuid("orgId", request.orgId());
        String metric = Optional.ofNullable(request.metric()).orElse(PlanStore.API_CALL);
        v.text("metric", metric, 1, 64, METRIC, "must be a metric name such as api_call");
        value(v, request.value());
        v.text("request_id", request.requestId(), 1, 255, null, null);
        v.check();
        ownOrg(caller, request.orgId());
        String hash = SecretTokens.sha256("consume|" + metric + "|" + request.value());
        Instant now = clock.instant();
        EntitlementService.Current current = entitlements.currentAt(caller.tenantId(), now);
        long allowance = knownMetric(current, metric);
        if (!current.usable()) {
            // A retry of a consume granted before the subscription stopped still gets its first answer.
            if (replayed(ctx, caller.tenantId(), request.requestId(), hash)) {
                return;
            }
            throw QuotaDenials.inactive(current.entitlement().status().wireName());
        }
        String periodKey = current.period().key();
        var meta = RequestContextFilter.current(ctx).meta();
        UsageCommand command = new UsageCommand(UsageCommand.Kind.CONSUME,
                new CounterKey(caller.tenantId(), metric, periodKey), request.requestId(), request.value(), allowance, now,
                hash, (usedAfter, limit) -> stored(200, SuccessEnvelope.of(
                        new ConsumeResult(true, Math.max(0, limit - usedAfter), usedAfter, periodKey), meta)));
        answer(ctx, await(ledger.submit(command)), current);
    }

    private void answer(Context ctx, LedgerOutcome outcome, EntitlementService.Current current) {
        if (outcome instanceof LedgerOutcome.Stored stored) {
            ctx.status(stored.response().status()).contentType("application/json").result(stored.response().body());
        } else if (outcome instanceof LedgerOutcome.Conflict) {
            throw conflict();
        } else {
            throw QuotaDenials.exhausted(current.period(), clock.instant());
        }
    }

    /** Answers a retry from the stored event without the writer. */
    private boolean replayed(Context ctx, String tenantId, String requestId, String hash) throws Exception {
        Optional<UsageLedger.StoredResponseWithHash> prior = ledger.find(tenantId, requestId);
        if (prior.isEmpty()) {
            return false;
        }
        if (!prior.get().payloadHash().equals(hash)) {
            throw conflict();
        }
        ctx.status(prior.get().response().status()).contentType("application/json").result(prior.get().response().body());
        return true;
    }

    private static ApiError conflict() {
        return ApiError.of(ErrorCode.IDEMPOTENCY_CONFLICT, "This request_id was already used with a different payload");
    }

    private void value(Validation v, Long value) {
        if (value == null) {
            v.problem("value", "is required");
        } else if (value < 1 || value > maxValue) {
            v.problem("value", "must be an integer between 1 and " + maxValue);
        }
    }

    private Instant occurredAt(Validation v, String text) {
        if (text == null || text.isBlank()) {
            v.problem("occurredAt", "is required");
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            v.problem("occurredAt", "must be an ISO-8601 timestamp with an offset, such as 2026-11-25T10:15:30Z");
            return null;
        }
        Instant now = clock.instant();
        if (at.isBefore(now.minus(MAX_AGE))) {
            v.problem("occurredAt", "must not be more than 35 days old");
        } else if (at.isAfter(now.plus(MAX_FUTURE))) {
            v.problem("occurredAt", "must not be more than 5 minutes in the future");
        }
        return at;
    }

    /** Whether {@code metric} matches {@link #METRIC}: {@code [a-z][a-z0-9_.-]{0,63}}. */
    static boolean isMetricName(String metric) {
        if (metric.isEmpty() || metric.length() > 64 || metric.charAt(0) < 'a' || metric.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < metric.length(); i++) {
            char ch = metric.charAt(i);
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-')) {
                return false;
            }
        }
        return true;
    }

    private static void ownOrg(Principal caller, String orgId) {
        if (!caller.tenantId().equals(orgId)) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "orgId must be your own organisation");
        }
    }

    private static long knownMetric(EntitlementService.Current current, String metric) {
        return current.plan().allowance(metric).orElseThrow(() ->
                ApiError.validation(Map.of("metric", "is not metered by the plan " + current.plan().code())));
    }

    private StoredResponse stored(int status, Object body) {
        try {
            return new StoredResponse(status, mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LedgerOutcome await(java.util.concurrent.CompletableFuture<LedgerOutcome> future) throws Exception {
        try {
            return future.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw ApiError.of(ErrorCode.SERVICE_UNAVAILABLE, "The usage store did not answer in time; retry with the same request_id");
        } catch (ExecutionException e) {
            throw ApiError.of(ErrorCode.SERVICE_UNAVAILABLE, "The usage store failed; retry with the same request_id");
        }
    }
}
