package dev.familiar.server.directory.graph;

import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Graph call with our retry rules and turns every failure into a {@link DirectoryException}. The SDK's own
 * RetryHandler is removed from the HTTP client, so this is the only place that retries:
 * <ul>
 *   <li>429, 503 and 504: wait {@code Retry-After} (seconds or an HTTP date) when Graph says, else back off
 *       exponentially; at most {@link RetryPolicy#maxAttempts()} attempts and {@link RetryPolicy#maxTotalWait()} of
 *       waiting in all, then THROTTLED (429/503, with the last Retry-After) or UNAVAILABLE;</li>
 *   <li>when the caller says the object may not have replicated yet (a group this adapter created moments ago),
 *       404 and 400 "Request_ResourceNotFound"/"does not exist" are retried the same bounded way.</li>
 * </ul>
 * Messages come from Graph's {@code error.code}/{@code error.message}, never from headers or tokens.
 */
final class GraphCalls {
    private static final Logger LOG = LoggerFactory.getLogger(GraphCalls.class);
    private static final int MAX_MESSAGE = 300;

    /** Bounds of the retries. */
    record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxTotalWait) {
        static RetryPolicy defaults() {
            return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    /** One Graph request through the SDK; throws the SDK's unchecked exceptions. */
    @FunctionalInterface
    interface Call<T> {
        T run();
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;

    GraphCalls(RetryPolicy policy, Sleeper sleeper, Clock clock) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Runs {@code call}; {@code action} names it for messages ("list groups"). */
    <T> T run(String action, Call<T> call) throws DirectoryException {
        return run(action, call, false);
    }

    /** As {@link #run(String, Call)}, retrying "does not exist" answers when {@code mayNotHaveReplicated}. */
    <T> T run(String action, Call<T> call, boolean mayNotHaveReplicated) throws DirectoryException {
        Duration waited = Duration.ZERO;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (ApiException e) {
                int status = e.getResponseStatusCode();
                boolean throttled = status == 429 || status == 503 || status == 504;
                boolean notYet = mayNotHaveReplicated && notYetReplicated(e);
                if (!throttled && !notYet) {
                    throw map(action, e);
                }
                Optional<Duration> retryAfter = throttled ? retryAfter(e) : Optional.empty();
                Duration delay = retryAfter.orElse(backoff(attempt));
                boolean lastAttempt = attempt >= policy.maxAttempts()
                        || waited.plus(delay).compareTo(policy.maxTotalWait()) > 0;
                if (lastAttempt) {
                    if (throttled && status != 504) {
                        throw new DirectoryException(Kind.THROTTLED, "Microsoft Graph is throttling requests (" + status
                                + ") while trying to " + action + "; try again in " + delay.toSeconds() + " s",
                                Optional.of(delay), null);
                    }
                    throw map(action, e);
                }
                LOG.info("Microsoft Graph answered {} while trying to {}; retrying in {} ms (attempt {} of {})",
                        status, action, delay.toMillis(), attempt + 1, policy.maxAttempts());
                pause(delay, action);
                waited = waited.plus(delay);
            } catch (MsalTokenProvider.TokenFailure e) {
                throw new DirectoryException(e.refused() ? Kind.DENIED : Kind.UNAVAILABLE, e.getMessage());
            } catch (RuntimeException e) {
                throw unexpected(action, e);
            }
        }
    }

    private void pause(Duration delay, String action) throws DirectoryException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException(Kind.UNAVAILABLE, "interrupted while waiting to retry: " + action);
        }
    }

    private Duration backoff(int attempt) {
        return policy.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    private Optional<Duration> retryAfter(ApiException e) {
        String value = header(e.getResponseHeaders(), "Retry-After");
        if (value == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static String header(Map<String, Set<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, Set<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().iterator().next();
            }
        }
        return null;
    }

    /** Graph's way of saying an object it just created has not reached this replica yet. */
    static boolean notYetReplicated(ApiException e) {
        int status = e.getResponseStatusCode();
        if (status == 404) {
            return true;
        }
        if (status != 400) {
            return false;
        }
        String code = code(e);
        String message = message(e).toLowerCase(Locale.ROOT);
        return "Request_ResourceNotFound".equalsIgnoreCase(code) || message.contains("does not exist");
    }

    /** Whether Graph refused a member add because the reference is already there. */
    static boolean alreadyExists(ApiException e) {
        return e.getResponseStatusCode() == 400
                && message(e).toLowerCase(Locale.ROOT).contains("added object references already exist");
    }

    static DirectoryException map(String action, ApiException e) {
        int status = e.getResponseStatusCode();
        String code = code(e);
        String detail = detail(e);
        return switch (status) {
            case 400 -> new DirectoryException(Kind.INVALID, "Microsoft Graph refused to " + action + detail);
            case 401 -> new DirectoryException(Kind.DENIED, "Microsoft Graph did not accept the application's token"
                    + " while trying to " + action + detail + "; check the tenant id and the app registration");
            case 403 -> new DirectoryException(Kind.DENIED, "the application lacks the Microsoft Graph permission to "
                    + action + detail + "; grant Group.ReadWrite.All, GroupMember.ReadWrite.All and User.Read.All as"
                    + " application permissions, with admin consent");
            case 404 -> new DirectoryException(Kind.NOT_FOUND, "not found in Microsoft Entra while trying to " + action
                    + detail);
            case 409 -> new DirectoryException(Kind.CONFLICT, "Microsoft Graph reports a conflict while trying to "
                    + action + detail);
            case 429 -> new DirectoryException(Kind.THROTTLED, "Microsoft Graph is throttling requests while trying to "
                    + action, Optional.empty(), null);
            default -> new DirectoryException(Kind.UNAVAILABLE, "Microsoft Graph failed (" + status + ") while trying to "
                    + action + (code.isEmpty() ? "" : detail));
        };
    }

    private static DirectoryException unexpected(String action, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MsalTokenProvider.TokenFailure failure) {
                return new DirectoryException(failure.refused() ? Kind.DENIED : Kind.UNAVAILABLE, failure.getMessage());
            }
            if (cause instanceof InterruptedIOException) {
                return new DirectoryException(Kind.UNAVAILABLE, "Microsoft Graph did not answer in time while trying to "
                        + action);
            }
            if (cause instanceof IOException io) {
                return new DirectoryException(Kind.UNAVAILABLE, "could not reach Microsoft Graph while trying to " + action
                        + " (" + io.getClass().getSimpleName() + ")");
            }
        }
        return new DirectoryException(Kind.UNAVAILABLE, "unexpected answer from Microsoft Graph while trying to " + action
                + " (" + e.getClass().getSimpleName() + ")");
    }

    private static String detail(ApiException e) {
        String code = code(e);
        String message = message(e);
        if (code.isEmpty() && message.isEmpty()) {
            return "";
        }
        return ": " + (message.isEmpty() ? code : message + (code.isEmpty() ? "" : " (" + code + ")"));
    }

    private static String code(ApiException e) {
        MainError error = e instanceof ODataError odata ? odata.getError() : null;
        return error == null || error.getCode() == null ? "" : clean(error.getCode());
    }

    private static String message(ApiException e) {
        MainError error = e instanceof ODataError odata ? odata.getError() : null;
        return error == null || error.getMessage() == null ? "" : clean(error.getMessage());
    }

    private static String clean(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return oneLine.length() > MAX_MESSAGE ? oneLine.substring(0, MAX_MESSAGE) + "…" : oneLine;
    }
}
