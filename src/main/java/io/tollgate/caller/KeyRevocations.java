package io.tollgate.caller;

import java.time.Duration;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.tollgate.http.LogSafe;
import io.tollgate.store.RedisCalls;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Tells every replica that a key was revoked, through Redis pub/sub on {@value #CHANNEL}: each
 * replica keeps one subscribed connection and drops the key from its cache when told. While the
 * subscription is down nothing may be cached (a revocation could go unheard): the listener is
 * told so, and the connection is made again every second until it holds.
 */
@ApplicationScoped
public class KeyRevocations {

    private static final Logger LOG = Logger.getLogger(KeyRevocations.class);

    static final String CHANNEL = "tollgate:authkeys:revoked";
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Redis redis;
    private final RedisCalls calls;
    private final Vertx vertx;
    private volatile boolean listening;
    private volatile boolean stopped;
    private volatile RedisConnection connection;
    private volatile Consumer<String> onRevoked = id -> {
    };
    private volatile Runnable onLost = () -> {
    };

    public KeyRevocations(Redis redis, RedisCalls calls, Vertx vertx) {
        this.redis = redis;
        this.calls = calls;
        this.vertx = vertx;
    }

    /** Starts listening; {@code revoked} gets each revoked key's id, {@code lost} each loss of the subscription. */
    void listen(Consumer<String> revoked, Runnable lost) {
        this.onRevoked = revoked;
        this.onLost = lost;
        connect();
    }

    /** Whether a revocation made on any replica now reaches this one. */
    boolean listening() {
        return listening;
    }

    /** Announces a revocation to every replica (this one included). */
    io.smallrye.mutiny.Uni<Void> announce(String keyId) {
        return calls.send(Command.PUBLISH, CHANNEL, keyId).replaceWithVoid();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        RedisConnection open = connection;
        if (open != null) {
            open.closeAndForget();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        redis.connect().subscribe().with(opened -> {
            connection = opened;
            opened.handler(this::message);
            opened.exceptionHandler(failure -> lost(opened, failure.getMessage()));
            opened.endHandler(() -> lost(opened, "connection closed"));
            opened.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).subscribe().with(subscribed -> {
                listening = true;
                LOG.debugf("Listening for AuthKey revocations on %s", CHANNEL);
            }, failure -> lost(opened, failure.getMessage()));
        }, failure -> lost(null, failure.getMessage()));
    }

    private void message(Response push) {
        // RESP2 and RESP3 alike: ["message", channel, payload].
        if (push != null && push.size() == 3 && "message".equals(push.get(0).toString())
                && CHANNEL.equals(push.get(1).toString())) {
            onRevoked.accept(push.get(2).toString());
        }
    }

    private synchronized void lost(RedisConnection which, String why) {
        if (which != null && which != connection) {
            return;
        }
        boolean wasListening = listening;
        listening = false;
        onLost.run();
        if (which != null) {
            connection = null;
            which.closeAndForget();
        }
        if (wasListening) {
            LOG.warnf("AuthKey revocations not heard (%s): keys are checked against the database until it is back",
                    LogSafe.of(why));
        }
        if (!stopped) {
            vertx.setTimer(RETRY.toMillis(), id -> connect());
        }
    }
}
