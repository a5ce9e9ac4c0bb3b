package io.tollgate.guard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Runs Lua scripts on Redis: each one is atomic, so replicas sharing Redis never lose or
 * double an update. Every call is bounded in time; a failure or a timeout reaches the caller
 * as a failed {@link Uni}, never as an exception on the event loop.
 */
final class RedisScripts {

    private final Redis redis;
    private final Duration timeout;

    RedisScripts(Redis redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    Uni<Response> eval(String script, List<String> keys, Object... args) {
        Request request = Request.cmd(Command.EVAL).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        for (Object arg : args) {
            request.arg(String.valueOf(arg));
        }
        return redis.send(request).ifNoItem().after(timeout).failWith(() -> new GuardUnavailableException("Redis did not answer within " + timeout));
    }

    Uni<Response> send(Command command, String... args) {
        Request request = Request.cmd(command);
        for (String arg : args) {
            request.arg(arg);
        }
        return redis.send(request).ifNoItem().after(timeout).failWith(() -> new GuardUnavailableException("Redis did not answer within " + timeout));
    }

    static List<String> keys(String... keys) {
        return new ArrayList<>(List.of(keys));
    }
}
