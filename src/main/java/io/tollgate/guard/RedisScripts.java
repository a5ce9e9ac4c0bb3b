package io.tollgate.guard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Runs Lua scripts on Redis: each one is atomic, so replicas sharing Redis never lose or
 * double an update. Scripts go by their SHA-1 (EVALSHA), and whole (EVAL) when Redis does
 * not know them yet, after a restart for instance. Every call is bounded in time; a failure
 * or a timeout reaches the caller as a failed {@link Uni}, never as an exception on the
 * event loop.
 */
final class RedisScripts {

    /** A script and its SHA-1, computed once. */
    record Script(String source, String sha) {
        Script(String source) {
            this(source, sha1(source));
        }

        private static String sha1(String source) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Redis redis;
    private final Duration timeout;

    RedisScripts(Redis redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    Uni<Response> eval(Script script, List<String> keys, Object... args) {
        return bounded(redis.send(request(Command.EVALSHA, script.sha(), keys, args)))
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> bounded(redis.send(request(Command.EVAL, script.source(), keys, args))));
    }

    Uni<Response> send(Command command, String... args) {
        Request request = Request.cmd(command);
        for (String arg : args) {
            request.arg(arg);
        }
        return bounded(redis.send(request));
    }

    private Uni<Response> bounded(Uni<Response> call) {
        return call.ifNoItem().after(timeout).failWith(() -> new GuardUnavailableException("Redis did not answer within " + timeout));
    }

    private static Request request(Command command, String script, List<String> keys, Object... args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        for (Object arg : args) {
            request.arg(String.valueOf(arg));
        }
        return request;
    }
}
