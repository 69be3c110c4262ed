package dev.familiar.server.http;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ContextHeaders;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
    private static final int MAX_ID_LENGTH = 128;

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
        Optional<String> tenant = isSafeId(rawTenant) ? Optional.of(rawTenant) : Optional.empty();
        RequestContext context = new RequestContext(requestId, correlationId, tenant);
        ctx.attribute(ATTRIBUTE, context);
        ctx.header(ContextHeaders.REQUEST_ID, requestId);
        ctx.header(ContextHeaders.CORRELATION_ID, correlationId);
        MDC.put(MDC_REQUEST_ID, requestId);
        MDC.put(MDC_CORRELATION_ID, correlationId);
        if (tenant.isPresent()) {
            ctx.header(tenantHeader, rawTenant);
            MDC.put(MDC_TENANT_ID, rawTenant);
        }
        if (rawTenant != null && !rawTenant.isEmpty() && tenant.isEmpty()) {
            throw ApiError.validation(Map.of(tenantHeader, "must be 1-128 characters of letters, digits and ._:@/+=-"));
        }
    }

    /** The context of a request; present for every request that passed {@link #before(Context)}. */
    public static RequestContext current(Context ctx) {
        RequestContext context = ctx.attribute(ATTRIBUTE);
        if (context == null) {
            // A failure before the filter ran (for example a body Jetty refused): still answer with ids.
            context = new RequestContext(mint(), mint(), Optional.empty());
            ctx.attribute(ATTRIBUTE, context);
        }
        return context;
    }

    public static void clearLoggingContext() {
        MDC.clear();
    }

    /** {@code value} when it is a safe id, a minted UUID otherwise. */
    static String safeOrMint(String value) {
        return isSafeId(value) ? value : mint();
    }

    /**
     * A random (version 4) UUID for a request or correlation id. Ids name requests in logs; they are not secrets, so
     * they come from {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}'s {@code SecureRandom}, which
     * every request thread would otherwise share (it showed up in the per-request profile).
     */
    static String mint() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(most, least).toString();
    }

    /** 1-128 characters of letters, digits and {@code ._:@/+=-}: safe to echo and to write into a log line. */
    static boolean isSafeId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            boolean safe = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '.' || ch == '_' || ch == ':' || ch == '@' || ch == '/' || ch == '+' || ch == '=' || ch == '-';
            if (!safe) {
                return false;
            }
        }
        return true;
    }
}
