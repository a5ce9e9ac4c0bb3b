package io.tollgate.guard;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Failed-attempt regulation: {@code tollgate.regulation.*}. */
@ConfigMapping(prefix = "tollgate.regulation")
public interface RegulationConfig {

    /** Failures within find-time that lock a user or an IP address. */
    @WithDefault("5")
    int maxAttempts();

    /** The stricter limit for administrators. */
    @WithDefault("3")
    int adminMaxAttempts();

    /** How long a failure counts. */
    @WithDefault("5m")
    Duration findTime();

    /** How long a lock lasts. */
    @WithDefault("15m")
    Duration banTime();

    /** Longest wait for Redis before a verification fails closed. */
    @WithDefault("2s")
    Duration redisTimeout();
}
