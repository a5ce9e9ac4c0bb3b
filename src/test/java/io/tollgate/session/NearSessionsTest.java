package io.tollgate.session;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.tollgate.store.RedisCalls;
import io.tollgate.testing.TestAccounts;
import io.vertx.mutiny.redis.client.Command;

/**
 * A replica keeps the sessions it read for a few seconds, and lets go of one the moment any
 * replica announces a change — or of all of them when it cannot hear announcements. Proven
 * through the gateway on a two-factor route: a session removed from Redis *without* an
 * announcement still opens the route (the replica's view), and one announced is refused.
 */
@QuarkusTest
class NearSessionsTest {

    @Inject
    SessionStore sessions;

    @Inject
    RedisCalls redis;

    private Session signedIn() throws Throwable {
        Session.Identity identity = new Session.Identity("Near", "near@example.test", List.of(), false, 0);
        return VertxContextSupport.subscribeAndAwait(() -> sessions.changeLevel(
                sessions.anonymous(Session.Client.UNKNOWN), "near-user", AuthLevel.TWO_FACTOR, identity,
                Session.Pending.NONE, true));
    }

    private static int status(Session session) {
        return given().redirects().follow(false).header("Host", "alpha.test")
                .cookie("tollgate_session", session.id()).get("/secure/near").statusCode();
    }

    private void removeSilently(Session session) {
        TestAccounts.await(() -> redis.send(Command.DEL, SessionStore.key(session.id())));
    }

    private void announce(Session session) {
        TestAccounts.await(() -> redis.send(Command.PUBLISH, NearSessions.CHANNEL, SessionStore.handle(session.id())));
    }

    @Test
    void aSessionReadOnceIsServedFromTheReplicasViewUntilAChangeIsAnnounced() throws Throwable {
        Session session = signedIn();
        assertEquals(200, status(session));
        removeSilently(session);
        assertEquals(200, status(session), "gone from Redis unannounced: this replica's view still holds it");
        announce(session);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> status(session) == 302);
    }

    @Test
    void logoutSignOutElsewhereAndStepChangesAnnounceThemselves() throws Throwable {
        Session loggedOut = signedIn();
        assertEquals(200, status(loggedOut));
        TestAccounts.await(() -> sessions.delete(loggedOut));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> status(loggedOut) == 302);

        Session endedElsewhere = signedIn();
        assertEquals(200, status(endedElsewhere));
        TestAccounts.await(() -> sessions.end("near-user", SessionStore.handle(endedElsewhere.id())));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> status(endedElsewhere) == 302);

        Session owesACode = signedIn();
        assertEquals(200, status(owesACode));
        TestAccounts.await(() -> sessions.update(owesACode.withPending(Session.Pending.SECOND_FACTOR)));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> status(owesACode) == 302);
    }

    @Test
    void whenAnnouncementsCannotBeHeardNothingIsKept() throws Throwable {
        Session session = signedIn();
        assertEquals(200, status(session));
        TestAccounts.await(() -> redis.send(Command.CLIENT, "KILL", "TYPE", "pubsub"));
        removeSilently(session);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> status(session) == 302);
        // Listening again by itself: a new session is kept once more.
        Session next = signedIn();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            status(next);
            return TestAccounts.await(() -> redis.send(Command.PUBSUB, "NUMSUB", NearSessions.CHANNEL)).get(1)
                    .toInteger() > 0 && status(next) == 200;
        });
        status(next);
        removeSilently(next);
        assertEquals(200, status(next), "kept again while announcements are heard");
        announce(next);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> status(next) == 302);
    }
}
