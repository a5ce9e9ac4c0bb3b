package io.tollgate.caller;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.tollgate.store.Invalidations;
import io.tollgate.store.RedisCalls;
import io.vertx.core.Vertx;

/**
 * Tells every replica that a key was revoked, on the Redis channel {@value #CHANNEL}; while
 * the subscription is down nothing may be cached (see {@link Invalidations}).
 */
@ApplicationScoped
public class KeyRevocations {

    static final String CHANNEL = "tollgate:authkeys:revoked";

    private final RedisCalls calls;
    private final Vertx vertx;
    private volatile Invalidations channel;

    public KeyRevocations(RedisCalls calls, Vertx vertx) {
        this.calls = calls;
        this.vertx = vertx;
    }

    /** Starts listening; {@code revoked} gets each revoked key's id, {@code lost} each loss of the subscription. */
    void listen(Consumer<String> revoked, Runnable lost) {
        channel = Invalidations.listen(CHANNEL, calls, vertx, revoked, lost);
    }

    /** Whether a revocation made on any replica now reaches this one. */
    boolean listening() {
        Invalidations open = channel;
        return open != null && open.listening();
    }

    /** Announces a revocation to every replica (this one included). */
    Uni<Void> announce(String keyId) {
        return Invalidations.publish(calls, CHANNEL, keyId);
    }

    void stop(@Observes ShutdownEvent event) {
        Invalidations open = channel;
        if (open != null) {
            open.stop();
        }
    }
}
