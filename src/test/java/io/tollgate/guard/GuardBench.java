package io.tollgate.guard;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tollgate.testing.Configs;
import io.vertx.mutiny.redis.client.Redis;

/** Builds the guard outside Quarkus, for tests and benchmarks. */
public final class GuardBench {

    /** A real wait on Mutiny's timer (no Vert.x context needed). */
    public static final Pause PAUSE = d -> d.isZero() ? Uni.createFrom().voidItem()
            : Uni.createFrom().voidItem().onItem().delayIt().by(d);

    private GuardBench() {
    }

    /** With the default regulation settings. */
    public static CodeVerifier verifier(Redis redis) {
        return new CodeVerifier(guard(redis, Configs.regulation(5, 3, Duration.ofMinutes(15)), PAUSE,
                new SimpleMeterRegistry()));
    }

    public static SecondFactorGuard guard(Redis redis, RegulationConfig config, Pause pause, MeterRegistry registry) {
        return new SecondFactorGuard(new RedisScripts(redis, config.redisTimeout()), config, pause, registry);
    }
}
