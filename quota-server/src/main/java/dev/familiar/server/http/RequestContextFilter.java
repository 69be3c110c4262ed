package dev.familiar.server.http;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ContextHeaders;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Reads or mints {@code x-request-id} and {@code x-correlation-id}, reads the tenant header, echoes all
 * three and puts them in the logging context (MDC keys {@code request_id}, {@code correlation_id},
 * {@code tenant_id}). A caller's id that is too long or holds characters outside a safe set is replaced
 * by a minted one, so ids cannot forge log lines.
 */
public final class RequestContextFilter {
    public static final String MDC_REQUEST_ID = "request_id";
    public static final String MDC_CORRELATION_ID = "correlation_id";
    public static final String MDC_TENANT_ID = "tenant_id";
    private static final String ATTRIBUTE = "familiar.requestContext";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private final String tenantHeader;

    public RequestContextFilter(String tenantHeader) {
        this.tenantHeader = tenantHeader;
    }

    public String tenantHeader() {
        return tenantHeader;
    }

    /** Runs first for every request, matched or not. */
    public void before(Context ctx) {
        MDC.clear();
        String requestId = safeOrMint(ctx.header(ContextHeaders.REQUEST_ID));
        String correlationId = safeOrMint(ctx.header(ContextHeaders.CORRELATION_ID));
        String rawTenant = ctx.header(tenantHeader);
        Optional<String> tenant = Optional.ofNullable(rawTenant).filter(t -> !t.isEmpty())
                .filter(t -> SAFE_ID.matcher(t).matches());
        RequestContext context = new RequestContext(requestId, correlationId, tenant);
        ctx.attribute(ATTRIBUTE, context);
        ctx.header(ContextHeaders.REQUEST_ID, requestId);
        ctx.header(ContextHeaders.CORRELATION_ID, correlationId);
        tenant.ifPresent(t -> ctx.header(tenantHeader, t));
        MDC.put(MDC_REQUEST_ID, requestId);
        MDC.put(MDC_CORRELATION_ID, correlationId);
        tenant.ifPresent(t -> MDC.put(MDC_TENANT_ID, t));
        if (rawTenant != null && !rawTenant.isEmpty() && tenant.isEmpty()) {
            throw ApiError.validation(Map.of(tenantHeader, "must be 1-128 characters of letters, digits and ._:@/+=-"));
        }
    }

    /** The context of a request; present for every request that passed {@link #before(Context)}. */
    public static RequestContext current(Context ctx) {
        RequestContext context = ctx.attribute(ATTRIBUTE);
        if (context == null) {
            // A failure before the filter ran (for example a body Jetty refused): still answer with ids.
            context = new RequestContext(UUID.randomUUID().toString(), UUID.randomUUID().toString(), Optional.empty());
            ctx.attribute(ATTRIBUTE, context);
        }
        return context;
    }

    public static void clearLoggingContext() {
        MDC.clear();
    }

    /** {@code value} when it is a safe id, a minted UUID otherwise. */
    static String safeOrMint(String value) {
        if (value != null && SAFE_ID.matcher(value).matches()) {
            return value;
        }
        return UUID.randomUUID().toString();
    }
}
