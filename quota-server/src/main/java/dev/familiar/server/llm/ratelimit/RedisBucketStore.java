package dev.familiar.server.llm.ratelimit;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.List;

/**
 * Buckets in Redis, shared by every server: one Lua script applies {@link LeakyBucket}'s rule to a hash
 * {@code {l: level, t: millis}} atomically and lets the key expire once the bucket has drained. The script and
 * {@link LeakyBucket#offer} are the same rule; a test runs both on the same random sequences.
 */
public final class RedisBucketStore implements BucketStore {
    static final String PREFIX = "familiar:bucket:";
    private static final String SCRIPT = """
            local cap = tonumber(ARGV[1])
            local leak = tonumber(ARGV[2])
            local n = tonumber(ARGV[3])
            local now = tonumber(ARGV[4])
            local h = redis.call('HMGET', KEYS[1], 'l', 't')
            local level = tonumber(h[1]) or 0
            local t = tonumber(h[2]) or now
            if now < t then now = t end
            level = level - (now - t) / 1000 * leak
            if level < 0 then level = 0 end
            local allowed = 0
            if level + n <= cap or (n > cap and level == 0) then
              level = level + n
              allowed = 1
            end
            redis.call('HSET', KEYS[1], 'l', tostring(level), 't', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(level / leak * 1000) + 1000)
            return {allowed, tostring(level), tostring(now)}
            """;

    private final StatefulRedisConnection<String, String> connection;

    public RedisBucketStore(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    @Override
    public LeakyBucket.Decision offer(String key, LeakyBucket.Limits limits, long tokens, Instant now) {
        List<Object> result = connection.sync().eval(SCRIPT, ScriptOutputType.MULTI, new String[] {PREFIX + key},
                Long.toString(limits.capacity()), Double.toString(limits.leakPerSecond()), Long.toString(tokens),
                Long.toString(now.toEpochMilli()));
        boolean allowed = ((Long) result.get(0)) == 1L;
        double level = Double.parseDouble((String) result.get(1));
        Instant at = Instant.ofEpochMilli((long) Double.parseDouble((String) result.get(2)));
        return LeakyBucket.describe(allowed, level, limits, tokens, at);
    }
}
