package io.tollgate.guard;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tollgate.testing.Configs;
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
        return new CodeVerifier(guard(redis, Configs.regulation(5, 3, Duration.ofMinutes(15)), PAUSE,
                new SimpleMeterRegistry()));
    }

    public static SecondFactorGuard guard(Redis redis, RegulationConfig config, Pause pause, MeterRegistry registry) {
        return new SecondFactorGuard(new RedisCalls(redis, REDIS_TIMEOUT), config, pause, registry);
    }
}
