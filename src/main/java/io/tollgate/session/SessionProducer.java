package io.tollgate.session;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.tollgate.crypto.KeyRing;
import io.tollgate.store.RedisCalls;

/** The session store on the application's Redis client. */
public class SessionProducer {

    /**
     * Anonymous cookies are signed with a key derived from the encryption key ring: every replica
     * has the ring, production refuses to start without it, and dev/test get a random one.
     */
    @Produces
    @Singleton
    SessionStore sessionStore(RedisCalls redis, SessionConfig config, KeyRing ring) {
        AnonymousSessions anonymous = new AnonymousSessions(ring.derivedKeys(AnonymousSessions.KEY_PURPOSE),
                config.absoluteLifetime());
        return new SessionStore(redis, config, anonymous);
    }
}
