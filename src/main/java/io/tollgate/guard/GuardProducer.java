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
    SecondFactorGuard secondFactorGuard(RedisScripts scripts, RegulationConfig config) {
        return new SecondFactorGuard(scripts, config);
    }

    @Produces
    @Singleton
    CodeVerifier codeVerifier(SecondFactorGuard guard) {
        return new CodeVerifier(guard);
    }
}
