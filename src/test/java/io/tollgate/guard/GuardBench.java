package io.tollgate.guard;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;

import io.tollgate.store.RedisCalls;

/** Builds the guard outside Quarkus, for tests and benchmarks. */
public final class GuardBench {

    /** A real wait on Mutiny's timer (no Vert.x context needed). */
    public static final Pause PAUSE = d -> d.isZero() ? Uni.createFrom().voidItem()
            : Uni.createFrom().voidItem().onItem().delayIt().by(d);

    private GuardBench() {
    }

    /** The default bound on Redis calls. */
    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

    /** With the default regulation settings. */
    public static CodeVerifier verifier(Redis redis) {
        return new CodeVerifier(guard(redis, config(5, 3, Duration.ofMinutes(15)), PAUSE, new SimpleMeterRegistry()));
    }

    public static SecondFactorGuard guard(Redis redis, RegulationConfig config, Pause pause, MeterRegistry registry) {
        return new SecondFactorGuard(new RedisCalls(redis, REDIS_TIMEOUT), config, pause, registry);
    }

    /** Limits and ban time as given; find-time 1 minute, Redis timeout 2 s, the default address settings. */
    public static RegulationConfig config(int max, int adminMax, Duration ban) {
        return config(max, adminMax, ban, 100, Duration.ofSeconds(5), Duration.ofSeconds(30), 32, 64);
    }

    /** Also the address's throttle threshold, longest interval, longest queue and prefix lengths. */
    public static RegulationConfig config(int max, int adminMax, Duration ban, int throttleAfter, Duration maxDelay,
            Duration maxQueue, int prefixIpv4, int prefixIpv6) {
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

            public int addressPrefixIpv4() {
                return prefixIpv4;
            }

            public int addressPrefixIpv6() {
                return prefixIpv6;
            }

            public Duration addressFindTime() {
                return Duration.ofMinutes(1);
            }

            public int addressThrottleAfter() {
                return throttleAfter;
            }

            public Duration addressMaxDelay() {
                return maxDelay;
            }

            public Duration addressMaxQueue() {
                return maxQueue;
            }
        };
    }
}
