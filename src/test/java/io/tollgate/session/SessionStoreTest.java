package io.tollgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.store.RedisCalls;
import io.tollgate.testing.Configs;
import io.tollgate.testing.StoresTestResource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

@QuarkusTest
class SessionStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    SessionStore store;

    @Inject
    Vertx vertx;

    private Redis redis;

    @BeforeEach
    void connect() {
        redis = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void anAnonymousSessionLivesInItsCookieAloneWithItsOwnCsrfToken() {
        Session session = store.anonymous(Session.Client.UNKNOWN);
        assertEquals(AuthLevel.NONE, session.level());
        assertEquals(43, session.csrfToken().length());
        assertFalse(session.id().contains(session.csrfToken()), "the page's token is not the cookie value");
        assertEquals(session, store.find(session.id()).await().atMost(WAIT).orElseThrow());
        assertEquals(0, exists(session.id()), "nothing stored");
        assertNotEquals(session.csrfToken(), store.anonymous(Session.Client.UNKNOWN).csrfToken());
    }

    @Test
    void aForgedAlteredOrExpiredAnonymousCookieFindsNothing() {
        String id = store.anonymous(Session.Client.UNKNOWN).id();
        String[] parts = id.split("\\.");
        String otherNonce = SessionStore.newId().substring(0, 22);
        assertEquals(Optional.empty(), find(parts[0] + "." + otherNonce + "." + parts[2] + "." + parts[3]));
        assertEquals(Optional.empty(), find(parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 3600) + "."
                + parts[3]), "issued later: the signature no longer matches");
        assertEquals(Optional.empty(), find(id.substring(0, id.length() - 1) + (id.endsWith("A") ? "B" : "A")));
        assertEquals(Optional.empty(), find(id + "A"));
        AnonymousSessions otherGateway = AnonymousSessions.withRandomKey(Duration.ofHours(12));
        assertEquals(Optional.empty(), find(otherGateway.issue(Session.Client.UNKNOWN, Instant.now()).id()),
                "signed with another key");
        assertInstanceOf(SessionStore.Lookup.Missing.class, store.lookup(parts[0] + "." + otherNonce + "." + parts[2]
                + "." + parts[3]).await().atMost(WAIT));

        AnonymousSessions anonymous = AnonymousSessions.withRandomKey(Duration.ofHours(12));
        Instant issued = Instant.now();
        String value = anonymous.issue(Session.Client.UNKNOWN, issued).id();
        assertTrue(anonymous.read(value, Session.Client.UNKNOWN, issued.plus(Duration.ofHours(11))).isPresent());
        assertTrue(anonymous.read(value, Session.Client.UNKNOWN, issued.plus(Duration.ofHours(12))).isEmpty(),
                "valid for the absolute lifetime only");
    }

    private Optional<Session> find(String id) {
        return store.find(id).await().atMost(WAIT);
    }

    private long exists(String id) {
        return redis.send(Request.cmd(Command.EXISTS)
                .arg(SessionStore.key(id))).await().atMost(WAIT).toLong();
    }

    @Test
    void idsNeverRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(SessionStore.newId());
        }
        assertEquals(1000, ids.size());
    }

    @Test
    void redisHoldsAHashOfTheIdNotTheIdItself() {
        Session session = store.changeLevel(store.anonymous(Session.Client.UNKNOWN), "erin", AuthLevel.ONE_FACTOR,
                Session.Identity.NOBODY, Session.Pending.NONE).await().atMost(WAIT);
        String stored = redis.send(Request.cmd(Command.KEYS)
                .arg("tollgate:session:*")).await().atMost(WAIT).toString();
        assertTrue(stored.contains(SessionStore.key(session.id()).substring("tollgate:session:".length())));
        assertTrue(!stored.contains(session.id()));
    }

    @Test
    void storedClientStringsAreCut() {
        Session session = store.changeLevel(store.anonymous(new Session.Client("x".repeat(5000), "y".repeat(100_000))),
                "frank", AuthLevel.ONE_FACTOR, Session.Identity.NOBODY, Session.Pending.NONE).await().atMost(WAIT);
        Session found = store.find(session.id()).await().atMost(WAIT).orElseThrow();
        assertEquals(Session.Client.MAX_ADDRESS, found.client().address().length());
        assertEquals(Session.Client.MAX_USER_AGENT, found.client().userAgent().length());
    }

    @Test
    void everyLevelChangeIssuesANewIdAndKillsTheOldOne() {
        Session anonymous = store.anonymous(Session.Client.UNKNOWN);
        Session one = store.changeLevel(anonymous, "alice", AuthLevel.ONE_FACTOR, Session.Identity.NOBODY, Session.Pending.SECOND_FACTOR).await().atMost(WAIT);
        assertNotEquals(anonymous.id(), one.id());
        assertNotEquals(anonymous.csrfToken(), one.csrfToken());
        assertFalse(store.find(anonymous.id()).await().atMost(WAIT).map(Session::signedIn).orElse(false),
                "the anonymous cookie stays what it was: anonymous");
        assertNull(one.lastTwoFactorAt());

        Session two = store.changeLevel(one, "alice", AuthLevel.TWO_FACTOR, new Session.Identity("Alice", "alice@example.com", List.of("staff"), false, 0), Session.Pending.NONE).await().atMost(WAIT);
        assertNotEquals(one.id(), two.id());
        assertEquals(Optional.empty(), store.find(one.id()).await().atMost(WAIT));
        Session found = store.find(two.id()).await().atMost(WAIT).orElseThrow();
        assertEquals("alice", found.username());
        assertEquals(AuthLevel.TWO_FACTOR, found.level());
        assertNotNull(found.lastTwoFactorAt());
        assertEquals(two, found, "identity and pending step survive the round trip");
    }

    @Test
    void aJustReplacedIdIsRecognisedWithItsOldTokenButGrantsNothing() {
        Session anonymous = store.anonymous(Session.Client.UNKNOWN);
        Session one = store.changeLevel(anonymous, "alice", AuthLevel.ONE_FACTOR, Session.Identity.NOBODY,
                Session.Pending.NONE).await().atMost(WAIT);
        SessionStore.Lookup old = store.lookup(anonymous.id()).await().atMost(WAIT);
        SessionStore.Lookup.Superseded superseded = assertInstanceOf(SessionStore.Lookup.Superseded.class, old);
        assertTrue(superseded.csrfMatches(anonymous.csrfToken()));
        assertFalse(superseded.csrfMatches(one.csrfToken()));
        assertFalse(store.find(anonymous.id()).await().atMost(WAIT).map(Session::signedIn).orElse(false));
        assertInstanceOf(SessionStore.Lookup.Live.class, store.lookup(one.id()).await().atMost(WAIT));
    }

    @Test
    void aPendingStepChangeKeepsTheId() {
        Session anonymous = store.anonymous(Session.Client.UNKNOWN);
        Session one = store.changeLevel(anonymous, "bob", AuthLevel.ONE_FACTOR, Session.Identity.NOBODY,
                Session.Pending.ENROLLMENT_OPTIONAL).await().atMost(WAIT);
        assertFalse(one.satisfiesTwoFactor());
        store.update(one.withPending(Session.Pending.NONE)).await().atMost(WAIT);
        Session found = store.find(one.id()).await().atMost(WAIT).orElseThrow();
        assertEquals(Session.Pending.NONE, found.pending());
        assertTrue(found.satisfiesTwoFactor());
        assertTrue(found.satisfiesOneFactor());
    }

    @Test
    void anUpdateSentWithAnIdJustReplacedDoesNotReviveIt() {
        Session anonymous = store.anonymous(Session.Client.UNKNOWN);
        Session one = store.changeLevel(anonymous, "carol", AuthLevel.ONE_FACTOR, Session.Identity.NOBODY,
                Session.Pending.ENROLLMENT_OPTIONAL).await().atMost(WAIT);
        // Two requests with the same id: the first moves the session on, the slower one then records its own change.
        Session two = store.changeLevel(one, "carol", AuthLevel.TWO_FACTOR, Session.Identity.NOBODY,
                Session.Pending.NONE).await().atMost(WAIT);
        store.update(one.withPending(Session.Pending.NONE)).await().atMost(WAIT);

        assertInstanceOf(SessionStore.Lookup.Superseded.class, store.lookup(one.id()).await().atMost(WAIT),
                "the replaced id stays replaced");
        assertEquals(Optional.empty(), store.find(one.id()).await().atMost(WAIT));
        assertTrue(pttl(one.id()) <= SessionStore.RESUBMIT_GRACE.toMillis());
        assertTrue(store.find(two.id()).await().atMost(WAIT).isPresent());
    }

    @Test
    void aLookupRacingALevelChangeDoesNotStretchTheJustReplacedMarker() {
        Session anonymous = store.anonymous(Session.Client.UNKNOWN);
        Session one = store.changeLevel(anonymous, "dave", AuthLevel.ONE_FACTOR, Session.Identity.NOBODY,
                Session.Pending.SECOND_FACTOR).await().atMost(WAIT);
        // Another replica moves the session on right after this one has read it.
        RacingRedis racing = new RacingRedis(redis.getDelegate(), () -> store.changeLevel(one, "dave",
                AuthLevel.TWO_FACTOR, Session.Identity.NOBODY, Session.Pending.NONE).replaceWithVoid());
        SessionStore replica = new SessionStore(new RedisCalls(new Redis(racing), Duration.ofSeconds(2)),
                Configs.session(Duration.ofMinutes(30), Duration.ofHours(12)),
                AnonymousSessions.withRandomKey(Duration.ofHours(12)));

        replica.lookup(one.id()).await().atMost(WAIT);

        assertTrue(racing.raced(), "the level change ran between the read and the answer");
        assertInstanceOf(SessionStore.Lookup.Superseded.class, store.lookup(one.id()).await().atMost(WAIT));
        long ttl = pttl(one.id());
        assertTrue(ttl > 0 && ttl <= SessionStore.RESUBMIT_GRACE.toMillis(),
                "the just-replaced marker keeps its short life, not the idle timeout: " + ttl + " ms");
    }

    private long pttl(String id) {
        return redis.send(Request.cmd(Command.PTTL)
                .arg(SessionStore.key(id))).await().atMost(WAIT).toLong();
    }

    @Test
    void anIdleSessionExpiresAndAnActiveOneStaysUntilItsAbsoluteLifetime() throws Exception {
        SessionStore shortLived = new SessionStore(new RedisCalls(redis, Duration.ofSeconds(2)),
                Configs.session(Duration.ofMillis(800), Duration.ofMillis(2500)),
                AnonymousSessions.withRandomKey(Duration.ofHours(12)));
        Session idle = signedIn(shortLived, "idle");
        Session active = signedIn(shortLived, "active");
        for (int i = 0; i < 4; i++) {
            Thread.sleep(400);
            assertTrue(shortLived.find(active.id()).await().atMost(WAIT).isPresent(), "used every 400 ms: alive");
        }
        assertEquals(Optional.empty(), shortLived.find(idle.id()).await().atMost(WAIT), "unused for 1.6 s: gone");
        Thread.sleep(1200);
        assertEquals(Optional.empty(), shortLived.find(active.id()).await().atMost(WAIT), "past the absolute lifetime");
    }

    @Test
    void malformedOrUnknownIdsFindNothing() {
        assertEquals(Optional.empty(), store.find(null).await().atMost(WAIT));
        assertEquals(Optional.empty(), store.find("short").await().atMost(WAIT));
        assertEquals(Optional.empty(), store.find(SessionStore.newId()).await().atMost(WAIT));
    }

    private static Session signedIn(SessionStore store, String username) {
        return store.changeLevel(store.anonymous(Session.Client.UNKNOWN), username, AuthLevel.ONE_FACTOR,
                Session.Identity.NOBODY, Session.Pending.NONE).await().atMost(WAIT);
    }
}
