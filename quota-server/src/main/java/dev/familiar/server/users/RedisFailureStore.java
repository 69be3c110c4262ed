package dev.familiar.server.users;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@link FailureStore} shared by every server of a team: one hash per key, updated by one Lua script. */
public final class RedisFailureStore implements FailureStore {
    private static final String PREFIX = "familiar:login-failures:";
    private static final String ADD = "local c = redis.call('HINCRBY', KEYS[1], 'count', 1) "
            + "redis.call('HSET', KEYS[1], 'last', ARGV[1]) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
            + "return c";

    private final RedisCommands<String, String> redis;

    public RedisFailureStore(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public Failures get(String key) {
        List<io.lettuce.core.KeyValue<String, String>> values = redis.hmget(PREFIX + key, "count", "last");
        if (values.size() < 2 || !values.get(0).hasValue() || !values.get(1).hasValue()) {
            return Failures.NONE;
        }
        return new Failures(Integer.parseInt(values.get(0).getValue()),
                Instant.ofEpochMilli(Long.parseLong(values.get(1).getValue())));
    }

    @Override
    public Failures add(String key, Instant at, Duration window) {
        Long count = redis.eval(ADD, ScriptOutputType.INTEGER, new String[] {PREFIX + key},
                Long.toString(at.toEpochMilli()), Long.toString(window.toMillis()));
        return new Failures(count.intValue(), at);
    }

    @Override
    public void clear(String key) {
        redis.del(PREFIX + key);
    }
}
