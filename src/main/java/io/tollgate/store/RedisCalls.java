package io.tollgate.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;

/**
 * Redis commands and Lua scripts, each bounded by {@code tollgate.regulation.redis-timeout}.
 * A call that cannot reach Redis, loses its connection, gets no answer in time or reaches a
 * node that cannot serve now (during a failover) fails with a {@link StoreUnavailableException};
 * any other error Redis answers (a reply such as {@code WRONGTYPE}) passes unchanged. Scripts go by their SHA-1 (EVALSHA), and whole (EVAL)
 * when Redis does not know them yet, after a restart for instance; each is atomic, so
 * replicas sharing Redis never lose or double an update.
 */
public final class RedisCalls {

    private final Redis redis;
    private final Duration timeout;
    private final boolean cluster;

    /** On one Redis server, or a master Sentinel names. */
    public RedisCalls(Redis redis, Duration timeout) {
        this(redis, timeout, false);
    }

    /** @param cluster whether {@code redis} is a Redis Cluster client (quarkus.redis.client-type=cluster) */
    public RedisCalls(Redis redis, Duration timeout, boolean cluster) {
        this.redis = redis;
        this.timeout = timeout;
        this.cluster = cluster;
    }

    /** Whether this is a Redis Cluster client, which some commands must take into account. */
    public boolean cluster() {
        return cluster;
    }

    /** A connection of one's own, for a subscription (not bounded in time: it is meant to last). */
    public Uni<RedisConnection> connect() {
        return redis.connect();
    }

    public Uni<Response> send(Request request) {
        return redis.send(request)
                .ifNoItem().after(timeout).failWith(() -> new StoreUnavailableException(
                        StoreUnavailableException.Store.REDIS, "no answer within " + timeout))
                .onFailure(RedisCalls::unreachable).transform(failure -> new StoreUnavailableException(
                        StoreUnavailableException.Store.REDIS, failure.getClass().getSimpleName()));
    }

    public Uni<Response> send(Command command, String... args) {
        Request request = Request.cmd(command);
        for (String arg : args) {
            request.arg(arg);
        }
        return send(request);
    }

    /** Runs a script on {@code keys}; arguments are sent as their string form. */
    public Uni<Response> eval(LuaScript script, List<String> keys, Object... args) {
        return send(script(Command.EVALSHA, script.sha(), keys, args))
                .onFailure(RedisCalls::unknownScript)
                .recoverWithUni(() -> send(script(Command.EVAL, script.source(), keys, args)));
    }

    /**
     * The values of {@code keys}, in their order, null for a missing one. One MGET on a single
     * server; on a cluster one GET per key, sent together: the cluster client splits an MGET
     * whose keys lie in several hash slots, but puts the answers together in another order.
     */
    public Uni<List<Response>> getAll(List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (!cluster) {
            Request mget = Request.cmd(Command.MGET);
            keys.forEach(mget::arg);
            return send(mget).map(values -> {
                List<Response> found = new ArrayList<>(keys.size());
                for (int i = 0; i < keys.size(); i++) {
                    found.add(values.get(i));
                }
                return found;
            });
        }
        List<Uni<Optional<Response>>> gets = keys.stream()
                .map(key -> send(Request.cmd(Command.GET).arg(key)).map(Optional::ofNullable)).toList();
        return Uni.join().all(gets).andFailFast().map(values -> {
            List<Response> found = new ArrayList<>(values.size());
            values.forEach(value -> found.add(value.orElse(null)));
            return found;
        });
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Errors that say "not now" rather than "not so": the client's own CONNECTION_CLOSED for a
     * command in flight on a connection that died (a master killed), and Redis' answers of a
     * node that cannot serve at the moment (loading its data, a replica cut off from its
     * master or written to during a failover, a cluster reconfiguring).
     */
    private static final Set<String> NOT_NOW = Set.of("CONNECTION_CLOSED", "LOADING", "MASTERDOWN", "READONLY",
            "TRYAGAIN", "CLUSTERDOWN");

    /** Anything but an answer from a Redis that can serve: no connection, a lost one, no answer in time. */
    static boolean unreachable(Throwable failure) {
        if (failure instanceof StoreUnavailableException) {
            return false;
        }
        if (failure instanceof ErrorType error) {
            return NOT_NOW.stream().anyMatch(error::is);
        }
        return true;
    }

    /** Redis answers NOSCRIPT (its error code, by protocol the first word) to a script it does not hold. */
    private static boolean unknownScript(Throwable failure) {
        return failure instanceof ErrorType error && error.is("NOSCRIPT");
    }

    private static Request script(Command command, String script, List<String> keys, Object... args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        for (Object arg : args) {
            request.arg(String.valueOf(arg));
        }
        return request;
    }
}
