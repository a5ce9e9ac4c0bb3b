package io.tollgate.guard;

import java.time.Duration;

import io.vertx.mutiny.redis.client.Redis;

/** Builds the guard outside Quarkus, for benchmarks, with the default regulation settings. */
public final class GuardBench {

    private GuardBench() {
    }

    public static CodeVerifier verifier(Redis redis) {
        RegulationConfig config = new RegulationConfig() {
            public int maxAttempts() {
                return 5;
            }

            public int adminMaxAttempts() {
                return 3;
            }

            public Duration findTime() {
                return Duration.ofMinutes(5);
            }

            public Duration banTime() {
                return Duration.ofMinutes(15);
            }

            public Duration redisTimeout() {
                return Duration.ofSeconds(2);
            }
        };
        RedisScripts scripts = new RedisScripts(redis, config.redisTimeout());
        return new CodeVerifier(new SecondFactorGuard(scripts, config));
    }
}
