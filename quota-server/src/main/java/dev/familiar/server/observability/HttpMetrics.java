package dev.familiar.server.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's meters in one Prometheus registry: per-route request counts and latency histograms
 * ({@code http_server_requests_seconds}), JVM and process meters, and whatever features add.
 *
 * <p>Every label value comes from a bounded set, because anyone can send a request: a method outside the
 * standard ones is {@value #OTHER}, a status outside 100-599 is {@value #OTHER}, and callers pass a route
 * template (or one shared value for unmatched paths), never a raw path.
 */
public final class HttpMetrics implements AutoCloseable {
    /** The label value of methods and statuses outside the standard set. */
    public static final String OTHER = "OTHER";
    private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS", "TRACE", "CONNECT");
    private static final String[] STATUS_LABELS = new String[500];

    static {
        for (int i = 0; i < STATUS_LABELS.length; i++) {
            STATUS_LABELS[i] = Integer.toString(i + 100);
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    /**
     * The request timers already registered, by their labels: building and registering a timer (tags, id, registry
     * look-up) on every request cost more than recording into it. Bounded like the labels themselves.
     */
    private final ConcurrentHashMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String method, String route, String status) {
    }

    public HttpMetrics(String service, String version) {
        registry.config().commonTags("service", service, "version", version);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void record(String method, String route, int status, long nanos) {
        TimerKey key = new TimerKey(methodLabel(method), route, statusLabel(status));
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                    .description("HTTP requests by route, method and status")
                    .tags("method", k.method(), "route", k.route(), "status", k.status())
                    .publishPercentileHistogram()
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The method as a label: one of the standard methods, or {@value #OTHER} for any invented one. */
    static String methodLabel(String method) {
        // Methods are case-sensitive (RFC 9110): "get" is not GET, and is not counted as it.
        return method != null && STANDARD_METHODS.contains(method) ? method : OTHER;
    }

    /** The status as a label: a real HTTP status (100-599), or {@value #OTHER}. */
    static String statusLabel(int status) {
        return status >= 100 && status <= 599 ? STATUS_LABELS[status - 100] : OTHER;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
