package io.tollgate.session;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.tollgate.crypto.KeyRing;
import io.tollgate.guard.RegulationConfig;

/** The session store on the application's Redis client. */
public class SessionProducer {

    /**
     * Anonymous cookies are signed with a key derived from the encryption key ring: every replica
     * has the ring, production refuses to start without it, and dev/test get a random one.
     */
    @Produces
    @Singleton
    SessionStore sessionStore(ReactiveRedisDataSource redis, SessionConfig config, RegulationConfig regulation,
            KeyRing ring) {
        AnonymousSessions anonymous = new AnonymousSessions(ring.derivedKeys(AnonymousSessions.KEY_PURPOSE),
                config.absoluteLifetime());
        return new SessionStore(redis.getRedis(), config, regulation.redisTimeout(), anonymous);
    }
}
