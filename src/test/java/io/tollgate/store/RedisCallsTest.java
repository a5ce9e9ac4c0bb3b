package io.tollgate.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import io.vertx.redis.client.impl.types.ErrorType;

/** Which failures mean "Redis is not there now" (503, nothing guessed) and which are Redis' answer. */
class RedisCallsTest {

    @Test
    void aConnectionLostWithACommandInFlightOrANodeThatCannotServeNowIsAnOutage() {
        assertTrue(RedisCalls.unreachable(ErrorType.create("CONNECTION_CLOSED")), "the master killed mid-command");
        assertTrue(RedisCalls.unreachable(ErrorType.create("READONLY You can't write against a read only replica.")));
        assertTrue(RedisCalls.unreachable(ErrorType.create("LOADING Redis is loading the dataset in memory")));
        assertTrue(RedisCalls.unreachable(ErrorType.create("MASTERDOWN Link with MASTER is down")));
        assertTrue(RedisCalls.unreachable(new IOException("Connection refused")));
    }

    @Test
    void anErrorRedisAnswersAboutTheCommandItselfPassesUnchanged() {
        assertFalse(RedisCalls.unreachable(ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value")));
        assertFalse(RedisCalls.unreachable(ErrorType.create("NOSCRIPT No matching script.")));
        assertFalse(RedisCalls.unreachable(new StoreUnavailableException(StoreUnavailableException.Store.REDIS, "already")));
    }
}
