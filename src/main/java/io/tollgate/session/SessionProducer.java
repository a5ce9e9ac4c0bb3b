package io.tollgate.session;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.tollgate.guard.RegulationConfig;

/** The session store on the application's Redis client. */
public class SessionProducer {

    @Produces
    @Singleton
    SessionStore sessionStore(ReactiveRedisDataSource redis, SessionConfig config, RegulationConfig regulation) {
        return new SessionStore(redis.getRedis(), config, regulation.redisTimeout());
    }
}
