package io.tollgate.guard;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;

/** The guards on the application's Redis client. */
public class GuardProducer {

    @Produces
    @Singleton
    RedisScripts redisScripts(ReactiveRedisDataSource redis, RegulationConfig config) {
        return new RedisScripts(redis.getRedis(), config.redisTimeout());
    }

    @Produces
    @Singleton
    ReplayGuard replayGuard(RedisScripts scripts) {
        return new ReplayGuard(scripts);
    }

    @Produces
    @Singleton
    CodeVerifier codeVerifier(ReplayGuard replayGuard, AttemptLimiter limiter) {
        return new CodeVerifier(replayGuard, limiter);
    }

    @Produces
    @Singleton
    AttemptLimiter attemptLimiter(RedisScripts scripts, RegulationConfig config) {
        return new AttemptLimiter(scripts, config);
    }
}
