package dev.familiar.server.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The shared fast path of team mode: one Lettuce client and connection (Lettuce multiplexes a
 * connection across threads). Present only when {@code FAMILIAR_REDIS_URL} is set.
 */
public final class RedisConnection implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisConnection(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    public static RedisConnection connect(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(uri);
        try {
            return new RedisConnection(client, client.connect());
        } catch (RuntimeException e) {
            client.shutdown();
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
    }
}
