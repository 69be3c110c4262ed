package dev.familiar.server.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The shared fast path of team mode: one Lettuce client and connection (Lettuce multiplexes a
 * connection across threads). Present only when {@code FAMILIAR_REDIS_URL} is set.
 */
public final class RedisConnection implements AutoCloseable {
    /**
     * Reconnect attempts back off from 100 ms to at most 2 s (Lettuce's default goes up to 30 s): after an outage
     * the server uses Redis again, and readiness leaves DEGRADED, within about 2 s of Redis answering.
     */
    static final Delay RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
            TimeUnit.MILLISECONDS);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisConnection(ClientResources resources, RedisClient client,
                            StatefulRedisConnection<String, String> connection) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
    }

    public static RedisConnection connect(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(2));
        ClientResources resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
        RedisClient client = RedisClient.create(resources, uri);
        try {
            return new RedisConnection(resources, client, client.connect());
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw e;
        }
    }

    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    /** PING within {@code timeout}; throws when Redis does not answer PONG. */
    public void ping(Duration timeout) throws Exception {
        String answer = connection.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!"PONG".equals(answer)) {
            throw new IllegalStateException("unexpected PING answer");
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
