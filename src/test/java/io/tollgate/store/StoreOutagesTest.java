package io.tollgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;
import io.vertx.redis.client.impl.types.SimpleStringType;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * A store outage is decided where the store is called, from the failure's type: what could not
 * reach Redis or PostgreSQL becomes a {@link StoreUnavailableException}; what the store itself
 * answered (an error reply, a constraint) does not.
 */
class StoreOutagesTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    /** A Redis client whose every command is answered by {@code answer}, recording what was sent. */
    private static final class ScriptedRedis implements io.vertx.redis.client.Redis {
        final List<String> sent = new ArrayList<>();
        private final Function<Request, Future<Response>> answer;

        ScriptedRedis(Function<Request, Future<Response>> answer) {
            this.answer = answer;
        }

        @Override
        public Future<Response> send(Request request) {
            sent.add(request.command().toString());
            return answer.apply(request);
        }

        @Override
        public Future<RedisConnection> connect() {
            return Future.failedFuture("not used");
        }

        @Override
        public void close() {
        }

        @Override
        public Future<List<Response>> batch(List<Request> requests) {
            return Future.failedFuture("not used");
        }
    }

    private static RedisCalls calls(ScriptedRedis redis) {
        return new RedisCalls(new io.vertx.mutiny.redis.client.Redis(redis), SHORT);
    }

    private static Throwable failureOf(Uni<?> call) {
        try {
            call.await().atMost(Duration.ofSeconds(5));
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aRedisThatCannotBeReachedIsUnavailable() {
        Throwable failure = failureOf(calls(new ScriptedRedis(r -> Future.failedFuture(
                new ConnectException("Connection refused")))).send(Command.GET, "k"));
        StoreUnavailableException outage = assertInstanceOf(StoreUnavailableException.class, failure);
        assertEquals(StoreUnavailableException.Store.REDIS, outage.store());
    }

    @Test
    void aRedisThatDoesNotAnswerInTimeIsUnavailable() {
        Throwable failure = failureOf(calls(new ScriptedRedis(r -> Promise.<Response>promise().future()))
                .send(Command.GET, "k"));
        assertInstanceOf(StoreUnavailableException.class, failure);
    }

    @Test
    void anErrorRedisAnswersIsNoOutage() {
        ErrorType wrongType = ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value");
        Throwable failure = failureOf(calls(new ScriptedRedis(r -> Future.failedFuture(wrongType)))
                .send(Command.GET, "k"));
        assertSame(wrongType, failure);
    }

    @Test
    void aScriptRedisDoesNotHoldYetIsSentWhole() {
        ScriptedRedis redis = new ScriptedRedis(request -> request.command().toString().equalsIgnoreCase("evalsha")
                ? Future.failedFuture(ErrorType.create("NOSCRIPT No matching script. Please use EVAL."))
                : Future.succeededFuture(SimpleStringType.create("OK")));
        String answer = calls(redis).eval(new LuaScript("return 'OK'"), List.of("k"), 1).await()
                .atMost(Duration.ofSeconds(5)).toString();
        assertEquals("OK", answer);
        assertEquals(List.of("EVALSHA", "EVAL"), redis.sent.stream().map(c -> c.toUpperCase()).toList());
    }

    @Test
    void aDatabaseThatCannotBeReachedOrWasLostIsUnavailable() {
        assertTrue(Database.unreachable(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(Database.unreachable(new RuntimeException(ClosedConnectionException.INSTANCE)));
        assertTrue(Database.unreachable(new java.util.concurrent.TimeoutException()));
        assertTrue(Database.unreachable(new io.smallrye.mutiny.TimeoutException()));
    }

    @Test
    void whatTheDatabaseAnswersOrABugIsNoOutage() {
        assertFalse(Database.unreachable(new IllegalStateException("a bug")));
        assertFalse(Database.unreachable(new RuntimeException("connection refused, says a message")));
        assertFalse(Database.unreachable(new StoreUnavailableException(StoreUnavailableException.Store.REDIS, "x")),
                "an outage of another store keeps its own name");
    }

    @Test
    void anOutageIsFoundAnywhereInTheCauseChain() {
        StoreUnavailableException outage = new StoreUnavailableException(StoreUnavailableException.Store.POSTGRESQL,
                "ConnectException");
        assertTrue(StoreUnavailableException.in(new RuntimeException(new CompletionException(outage))));
        assertFalse(StoreUnavailableException.in(new RuntimeException("Connection refused")));
        assertFalse(StoreUnavailableException.in(null));
    }
}
