package io.tollgate.store;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The bound on every Redis call (sessions, the replay guard, attempt counters). The key keeps
 * the name it was first given, under the regulation settings.
 */
@ConfigMapping(prefix = "tollgate.regulation")
public interface RedisConfig {

    /** Longest wait for Redis; past it the call fails as unavailable (fail closed). */
    @WithDefault("2s")
    Duration redisTimeout();
}
