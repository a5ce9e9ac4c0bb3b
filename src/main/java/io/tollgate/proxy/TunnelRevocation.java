package io.tollgate.proxy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tollgate.session.SessionStore;
import io.tollgate.session.SessionsEnded;
import io.vertx.core.Vertx;

/**
 * Closes WebSocket tunnels whose session has ended. On this replica at once, when the sign-in
 * code says it ended sessions; for sessions ended on other replicas (or by expiry), by a look
 * at Redis every {@link #SWEEP_EVERY} over the sessions that hold a tunnel here. While Redis
 * cannot answer, tunnels are left as they are and the next look decides.
 */
@ApplicationScoped
public class TunnelRevocation {

    private static final Logger LOG = Logger.getLogger(TunnelRevocation.class);

    static final Duration SWEEP_EVERY = Duration.ofSeconds(2);

    private final OpenTunnels tunnels;
    private final SessionStore sessions;
    private final Vertx vertx;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private long timer = -1;

    public TunnelRevocation(OpenTunnels tunnels, SessionStore sessions, Vertx vertx) {
        this.tunnels = tunnels;
        this.sessions = sessions;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(SWEEP_EVERY.toMillis(), id -> sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void sessionsEnded(@Observes SessionsEnded ended) {
        int closed = tunnels.closeFor(ended.sessionHandles());
        if (closed > 0) {
            LOG.debugf("Closed %d WebSocket tunnel(s) of ended sessions", closed);
        }
    }

    /** One look at a time: a slow answer makes the next tick skip, never pile up. */
    void sweep() {
        Set<String> open = tunnels.sessionKeys();
        if (open.isEmpty() || !sweeping.compareAndSet(false, true)) {
            return;
        }
        sessions.liveHandles(open).subscribe().with(live -> {
            Set<String> gone = new HashSet<>(open);
            gone.removeAll(live);
            int closed = tunnels.closeFor(gone);
            if (closed > 0) {
                LOG.debugf("Closed %d WebSocket tunnel(s) of sessions ended elsewhere", closed);
            }
            sweeping.set(false);
        }, failure -> {
            LOG.debugf("Tunnel sweep skipped, session store unavailable: %s", failure.getMessage());
            sweeping.set(false);
        });
    }
}
