package io.tollgate.store;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.configuration.ConfigurationException;

/** The application's Redis client, bounded in time, for every package that keeps state there. */
public class StoreProducer {

    @Produces
    @Singleton
    RedisCalls redisCalls(ReactiveRedisDataSource redis, RedisConfig config,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        if (config.redisTimeout() == null || config.redisTimeout().isNegative() || config.redisTimeout().isZero()) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.regulation.redis-timeout: "
                    + "must be positive, got " + config.redisTimeout());
        }
        return new RedisCalls(redis.getRedis(), config.redisTimeout(), "cluster".equalsIgnoreCase(clientType));
    }
}
