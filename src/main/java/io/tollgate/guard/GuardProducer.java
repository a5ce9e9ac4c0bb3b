package io.tollgate.guard;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/** The guards on the application's Redis client. */
public class GuardProducer {

    @Produces
    @Singleton
    RedisScripts redisScripts(ReactiveRedisDataSource redis, RegulationConfig config) {
        return new RedisScripts(redis.getRedis(), config.redisTimeout());
    }

    /** Built at start-up, so a bad regulation setting stops the gateway before it serves anything. */
    @Produces
    @Singleton
    @Startup
    SecondFactorGuard secondFactorGuard(RedisScripts scripts, RegulationConfig config, Vertx vertx,
            MeterRegistry registry) {
        return new SecondFactorGuard(scripts, config, Pause.on(vertx), registry);
    }

    @Produces
    @Singleton
    CodeVerifier codeVerifier(SecondFactorGuard guard) {
        return new CodeVerifier(guard);
    }
}
