package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.Configs;
import io.tollgate.testing.StoresTestResource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * The list of locked users against real Redis, kept in a sorted set by when each lock ends (a
 * scan of lock keys would see one node of a cluster only): a lock is listed while it lasts, not
 * after it ends or is lifted, nor when its key was deleted by hand; a network locked out by
 * failed AuthKeys is no user and is never listed.
 */
@QuarkusTest
class LockedUsersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    private Redis redis;
    private SecondFactorGuard guard;
    private String prefix;
    private final String address = "192.0.2." + (1 + (int) (Math.random() * 250));

    @BeforeEach
    void setUp() {
        redis = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
        // Three failures lock a user for two seconds; addresses are never throttled here.
        guard = GuardBench.guard(redis, Configs.regulation(3, 3, Duration.ofSeconds(2)),
                d -> Uni.createFrom().voidItem(), new SimpleMeterRegistry());
        prefix = "locked-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void aLockIsListedWhileItLastsAndNotOnceItEndsOrIsLifted() throws Exception {
        lock(prefix + "ann");
        lock(prefix + "bob");
        lock(prefix + "cid");
        guard.reject(prefix + "dan", false, address).await().atMost(WAIT);
        assertEquals(Set.of(prefix + "ann", prefix + "bob", prefix + "cid"), mine(guard.lockedUsers(1000)));
        assertEquals(Set.of(prefix + "ann", prefix + "cid"),
                guard.lockedAmong(List.of(prefix + "ann", prefix + "cid", prefix + "dan")).await().atMost(WAIT));

        guard.unlockUser(prefix + "bob").await().atMost(WAIT);
        redis.send(Request.cmd(Command.DEL).arg("tollgate:{guard}:lock:user:" + prefix + "cid")).await().atMost(WAIT);
        assertEquals(Set.of(prefix + "ann"), mine(guard.lockedUsers(1000)), "lifted, or deleted by hand: not listed");
        assertEquals(1, guard.lockedUsers(1).await().atMost(WAIT).size(), "as many as asked, no more");

        Thread.sleep(2_100);
        assertEquals(Set.of(), mine(guard.lockedUsers(1000)), "ended: not listed");
        Double stale = score(prefix + "ann");
        assertEquals(null, stale, "ended locks leave the index at the next listing");
    }

    @Test
    void aNetworkLockedOutByFailedAuthKeysIsNoLockedUser() {
        String network = "203.0.113." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < 3; i++) {
            guard.rejectCredential(network).await().atMost(WAIT);
        }
        assertTrue(guard.userLocked("credential:" + network).await().atMost(WAIT), "the network's own lock is on");
        assertFalse(guard.lockedUsers(1000).await().atMost(WAIT).stream().anyMatch(u -> u.startsWith("credential:")),
                "and is no user's");
        guard.unlockUser("credential:" + network).await().atMost(WAIT);
    }

    private void lock(String user) {
        for (int i = 0; i < 3; i++) {
            guard.reject(user, false, address).await().atMost(WAIT);
        }
        assertTrue(guard.userLocked(user).await().atMost(WAIT));
    }

    private Set<String> mine(Uni<Set<String>> listed) {
        return Set.copyOf(listed.await().atMost(WAIT).stream().filter(u -> u.startsWith(prefix)).toList());
    }

    private Double score(String user) {
        var answer = redis.send(Request.cmd(Command.ZSCORE).arg("tollgate:{guard}:locks")
                .arg("tollgate:{guard}:lock:user:" + user)).await().atMost(WAIT);
        return answer == null ? null : answer.toDouble();
    }
}
