package io.tollgate.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.ProductionGateway;
import io.tollgate.testing.RecordingUpstream.Recorded;
import io.tollgate.totp.Totp;

/**
 * Sessions under attack: an id planted before sign-in (fixation) is never the one signed in;
 * the cookies a browser held before signing in open nothing afterwards; a cookie that another
 * host could have set (without the {@code __Host-} prefix) counts for nothing; and a hundred
 * sign-ins of two users at once each end with their own identity at the application.
 */
class SessionAttacksIT {

    private static final String COOKIE = "__Host-tollgate_session";
    private static final String ALICE_PASSWORD = "alice's password, long enough";
    private static final String BOB_PASSWORD = "bob's password, long enough too";
    private static ProductionGateway gateway;
    private static Totp carolsPhone;

    @BeforeAll
    static void start() throws Exception {
        // At most max-attempts sign-ins of one user are checked at once (parallel guesses stop at the
        // limit, see CodeAttacksIT): fifty at once of one user need a higher one.
        gateway = ProductionGateway.start(1, "-Dtollgate.regulation.max-attempts=100");
        gateway.user("alice", ALICE_PASSWORD);
        gateway.user("bob", BOB_PASSWORD);
        gateway.user("carol", ALICE_PASSWORD);
        carolsPhone = gateway.authenticator("carol", "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void anIdPlantedBeforeSignInIsNeverTheSessionSignedIn() {
        // The attacker's own anonymous cookie, from the login page, and an id of their making.
        PortalClient attacker = gateway.browser();
        attacker.get("/.tollgate/login");
        String planted = attacker.cookie(COOKIE);
        assertNotNull(planted, "the login page sets an anonymous cookie");
        for (String fixed : List.of(planted, "attacker-chosen-session-id-0123456789abcdefghijk")) {
            PortalClient victim = gateway.browser();
            victim.setCookie(COOKIE, fixed);
            victim.get("/.tollgate/login");
            Response signedIn = victim.submit("/.tollgate/login", "username", "alice", "password", ALICE_PASSWORD);
            assertEquals(303, signedIn.statusCode(), signedIn.asString());
            assertNotEquals(fixed, victim.cookie(COOKIE), "a new id at sign-in");
            assertEquals(200, victim.get("/fixation-victim").statusCode());
            PortalClient withPlanted = gateway.browser();
            withPlanted.setCookie(COOKIE, fixed);
            assertEquals(302, withPlanted.get("/fixation-attacker").statusCode(), "the planted id opens nothing");
        }
    }

    @Test
    void theCookiesHeldBeforeSignInOpenNothingAfterIt() {
        PortalClient carol = gateway.browser();
        carol.get("/.tollgate/login");
        String anonymous = carol.cookie(COOKIE);
        assertTrue(carol.signIn("carol", ALICE_PASSWORD).header("Location").contains("/totp"));
        String afterPassword = carol.cookie(COOKIE);
        assertNotEquals(anonymous, afterPassword);
        carol.code(ProductionGateway.now(carolsPhone));
        String signedIn = carol.cookie(COOKIE);
        assertNotEquals(afterPassword, signedIn, "a new id once the code is given");
        assertEquals(200, carol.get("/carol-signed-in").statusCode());
        for (String before : List.of(anonymous, afterPassword)) {
            PortalClient replay = gateway.browser();
            replay.setCookie(COOKIE, before);
            assertEquals(302, replay.get("/with-an-earlier-cookie").statusCode(), "an earlier cookie opens nothing");
            assertSentToSignIn(replay.get("/.tollgate/account"));
        }
    }

    @Test
    void aSessionCookieWithoutTheHostPrefixCountsForNothing() {
        // A sibling host (evil.example.test) can set "tollgate_session" for the whole domain, never "__Host-…".
        PortalClient alice = gateway.browser();
        assertEquals(303, alice.signIn("alice", ALICE_PASSWORD).statusCode());
        String id = alice.cookie(COOKIE);
        PortalClient tossed = gateway.browser();
        tossed.setCookie("tollgate_session", id);
        assertEquals(302, tossed.get("/tossed-cookie").statusCode());
        assertSentToSignIn(tossed.get("/.tollgate/account"));
        int before = gateway.upstream.count();
        tossed.get("/tossed-cookie");
        assertEquals(before, gateway.upstream.count(), "nothing reached the upstream");
    }

    private static void assertSentToSignIn(Response portalPage) {
        assertEquals(303, portalPage.statusCode(), portalPage.asString());
        assertTrue(portalPage.header("Location").contains("/.tollgate/login"), portalPage.header("Location"));
    }

    @Test
    void aHundredSignInsOfTwoUsersAtOnceEachEndWithTheirOwnIdentity() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Callable<String>> signIns = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String user = i % 2 == 0 ? "alice" : "bob";
                String password = i % 2 == 0 ? ALICE_PASSWORD : BOB_PASSWORD;
                String path = "/parallel/" + i + "/" + user;
                signIns.add(() -> {
                    PortalClient browser = gateway.browser();
                    Response signedIn = browser.signIn(user, password);
                    assertEquals(303, signedIn.statusCode(), signedIn.asString());
                    assertEquals(200, browser.get(path).statusCode());
                    Response account = browser.get("/.tollgate/account");
                    String other = user.equals("alice") ? "bob" : "alice";
                    assertTrue(account.asString().contains("Signed in as " + user)
                            && !account.asString().contains("Signed in as " + other), "the account page names " + user);
                    return path;
                });
            }
            List<String> paths = new ArrayList<>();
            for (Future<String> done : pool.invokeAll(signIns)) {
                paths.add(done.get());
            }
            assertEquals(100, paths.size());
            for (String path : paths) {
                List<Recorded> seen = gateway.upstream.requests().stream().filter(r -> r.target().equals(path)).toList();
                assertEquals(1, seen.size(), path);
                assertEquals(path.substring(path.lastIndexOf('/') + 1), seen.get(0).header("Remote-User"), path);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
