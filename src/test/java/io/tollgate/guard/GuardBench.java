package io.tollgate.guard;

import java.time.Duration;

import io.vertx.mutiny.redis.client.Redis;

/** Builds the guard outside Quarkus, for tests and benchmarks. */
public final class GuardBench {

    private GuardBench() {
    }

    /** With the default regulation settings. */
    public static CodeVerifier verifier(Redis redis) {
        RegulationConfig config = config(5, 3, Duration.ofMinutes(15));
        return new CodeVerifier(new SecondFactorGuard(new RedisScripts(redis, config.redisTimeout()), config));
    }

    /** Limits and ban time as given; find-time 1 minute, Redis timeout 2 s. */
    public static RegulationConfig config(int max, int adminMax, Duration ban) {
        return new RegulationConfig() {
            public int maxAttempts() {
                return max;
            }

            public int adminMaxAttempts() {
                return adminMax;
            }

            public Duration findTime() {
                return Duration.ofMinutes(1);
            }

            public Duration banTime() {
                return ban;
            }

            public Duration redisTimeout() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
