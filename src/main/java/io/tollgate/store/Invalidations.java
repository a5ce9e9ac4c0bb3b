package io.tollgate.store;

import java.time.Duration;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * One Redis pub/sub channel that tells every replica to forget something it caches: a
 * revoked key, an ended session. Each replica keeps one subscribed connection per channel;
 * while it is not subscribed nothing may be cached (news could go unheard), so the owner is
 * told at every loss and asks {@link #listening()} before it trusts its cache. The connection
 * is made again every second until it holds.
 *
 * <p>On a Redis Cluster the channel is a sharded one (SSUBSCRIBE, SPUBLISH; Redis 7 or later):
 * a plain PUBLISH reaches subscribers on other nodes over the cluster bus, after the publisher
 * has its answer, so a replica could still serve a session that another replica had just
 * ended. A sharded channel lives on the one node that owns its slot, and that node has
 * delivered the news to every subscriber before the publisher hears back.
 */
public final class Invalidations {

    private static final Logger LOG = Logger.getLogger(Invalidations.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String channel;
    private final RedisCalls calls;
    private final Vertx vertx;
    private final Consumer<String> onNews;
    private final Runnable onLost;
    private volatile boolean listening;
    private volatile boolean stopped;
    /** A channel that never listened is said once, so that a cache silently off does not go unnoticed. */
    private boolean warnedOnce;
    private volatile RedisConnection connection;

    private Invalidations(String channel, RedisCalls calls, Vertx vertx, Consumer<String> onNews,
            Runnable onLost) {
        this.channel = channel;
        this.calls = calls;
        this.vertx = vertx;
        this.onNews = onNews;
        this.onLost = onLost;
    }

    /**
     * Subscribes to {@code channel}; {@code news} gets each message, {@code lost} each loss of
     * the subscription (the owner then drops its cache).
     */
    public static Invalidations listen(String channel, RedisCalls calls, Vertx vertx, Consumer<String> news,
            Runnable lost) {
        Invalidations invalidations = new Invalidations(channel, calls, vertx, news, lost);
        invalidations.connect();
        return invalidations;
    }

    /** Whether news published now on any replica reaches this one. */
    public boolean listening() {
        return listening;
    }

    /** Tells every replica listening on {@code channel} (this one included). */
    public static Uni<Void> publish(RedisCalls calls, String channel, String message) {
        return calls.send(calls.cluster() ? Command.SPUBLISH : Command.PUBLISH, channel, message).replaceWithVoid();
    }

    public void stop() {
        stopped = true;
        listening = false;
        RedisConnection open = connection;
        if (open != null) {
            open.closeAndForget();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        calls.connect().subscribe().with(opened -> {
            if (stopped) {
                // Stopped while this connection was being made: it must not listen past shutdown.
                opened.closeAndForget();
                return;
            }
            connection = opened;
            opened.handler(push -> message(opened, push));
            opened.exceptionHandler(failure -> lost(opened, failure.getMessage()));
            opened.endHandler(() -> lost(opened, "connection closed"));
            opened.send(Request.cmd(calls.cluster() ? Command.SSUBSCRIBE : Command.SUBSCRIBE).arg(channel))
                    .subscribe().with(subscribed -> {
                listening = true;
                LOG.debugf("Listening on %s", channel);
            }, failure -> lost(opened, failure.getMessage()));
        }, failure -> lost(null, failure.getMessage()));
    }

    private void message(RedisConnection from, Response push) {
        // RESP2 and RESP3 alike: ["message" or "smessage", channel, payload].
        if (push == null || push.size() != 3 || !channel.equals(String.valueOf(push.get(1)))) {
            return;
        }
        String kind = String.valueOf(push.get(0));
        if ("message".equals(kind) || "smessage".equals(kind)) {
            onNews.accept(String.valueOf(push.get(2)));
        } else if ("sunsubscribe".equals(kind) || "unsubscribe".equals(kind)) {
            // The server let go of the subscription (on a cluster: the channel's slot moved).
            lost(from, "the server ended the subscription");
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
        if (stopped) {
            // Closed by stop() at shutdown: nothing is lost that anyone will miss.
            return;
        }
        if (wasListening || !warnedOnce) {
            warnedOnce = true;
            LOG.warnf("Not listening on %s (%s): what it invalidates is read from the stores until it is back",
                    channel, why == null ? "" : why.replaceAll("\\p{Cntrl}", "?"));
        }
        vertx.setTimer(RETRY.toMillis(), id -> connect());
    }
}
