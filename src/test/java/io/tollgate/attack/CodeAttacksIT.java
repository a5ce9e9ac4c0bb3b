package io.tollgate.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.ProductionGateway;
import io.tollgate.totp.Totp;

/**
 * Guessing and replaying codes against two replicas of the packaged gateway on one Redis: the
 * guesses on both add up to one lock, a code used on one is refused on the other, and a
 * locked user stays locked whichever way they come back — a recovery code, an AuthKey, a
 * trusted browser. Every spelling of a username that signs in as one user (case, full-width
 * letters, decomposed accents) counts against that user's one counter.
 */
class CodeAttacksIT {

    private static final String PASSWORD = "a password long enough for codes";
    private static ProductionGateway gateway;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void start() throws Exception {
        gateway = ProductionGateway.start(2);
        portA = gateway.ports.get(0);
        portB = gateway.ports.get(1);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void wrongCodesOnBothReplicasAddUpToOneLockThatHoldsOnBoth() throws Exception {
        gateway.user("dave", PASSWORD);
        Totp phone = gateway.authenticator("dave", "ONSWG4TFOQYTEMZUGU3DOOBZONSWG4TF");
        PortalClient guesser = gateway.browser(portA);
        assertTrue(guesser.signIn("dave", PASSWORD).header("Location").contains("/totp"));
        String wrong = wrongCode(phone);
        for (int i = 0; i < 5; i++) {
            guesser.via(i % 2 == 0 ? portA : portB);
            Response refused = guesser.code(wrong);
            assertNotEquals(303, refused.statusCode(), "guess " + i + " refused");
        }
        for (int port : List.of(portA, portB)) {
            Response right = guesser.via(port).code(ProductionGateway.now(phone));
            assertEquals(429, right.statusCode(), "the right code is refused while locked, on " + port);
            assertTrue(right.asString().contains("Sign-in is locked"), right.asString());
            Response password = gateway.browser(port).signIn("dave", PASSWORD);
            assertEquals(429, password.statusCode(), "so is the password, on " + port);
        }
    }

    @Test
    void aCodeUsedOnOneReplicaIsRefusedOnTheOther() throws Exception {
        gateway.user("erin", PASSWORD);
        Totp phone = gateway.authenticator("erin", "MZXW6YTBOJUWU2LONZXW6YTBOJUWU2LO");
        String code = ProductionGateway.now(phone);
        PortalClient onA = gateway.browser(portA);
        onA.signIn("erin", PASSWORD);
        onA.code(code);
        assertEquals(200, onA.get("/erin-on-a").statusCode());
        PortalClient onB = gateway.browser(portB);
        assertTrue(onB.signIn("erin", PASSWORD).header("Location").contains("/totp"));
        Response replayed = onB.code(code);
        assertTrue(replayed.asString().contains("This code was already used."), replayed.asString());
        assertEquals(302, onB.get("/erin-on-b").statusCode());
    }

    @Test
    void aLockedUserStaysLockedThroughARecoveryCodeAnAuthKeyOrATrustedBrowser() throws Exception {
        long id = gateway.user("frank", PASSWORD);
        // Before an authenticator: an AuthKey of frank's own, and an enrollment with recovery codes.
        String key = gateway.keyFor(portA, "frank", PASSWORD);
        assertEquals(200, withKey(portB, key), "the key works");
        PortalClient trusted = gateway.browser(portA);
        assertEquals(303, trusted.signIn("frank", PASSWORD).statusCode());
        Authenticator phone = trusted.enroll();
        List<String> recovery = PortalClient.recoveryCodes(trusted.last().asString());
        assertEquals(10, recovery.size(), trusted.last().asString());
        trusted.logout();
        assertTrue(trusted.signIn("frank", PASSWORD).header("Location").contains("/totp"));
        trusted.code(phone.code(1), "trust", "on");
        assertEquals(200, trusted.get("/frank-trusted").statusCode());

        // Locked by guesses from elsewhere, while a second browser waits at the code page.
        PortalClient waiting = gateway.browser(portB);
        assertTrue(waiting.signIn("frank", PASSWORD).header("Location").contains("/totp"));
        PortalClient guesser = gateway.browser(portA);
        guesser.signIn("frank", PASSWORD);
        for (int i = 0; i < 5; i++) {
            guesser.code(wrongCode(phone));
        }

        waiting.get("/.tollgate/recovery");
        Response recovered = waiting.submit("/.tollgate/recovery", "code", recovery.get(0));
        assertEquals(429, recovered.statusCode(), "no recovery code while locked: " + recovered.asString());
        assertEquals(302, waiting.get("/frank-recovered").statusCode());

        assertEquals(401, withKey(portA, key), "no AuthKey while locked");
        assertEquals(401, withKey(portB, key));

        PortalClient again = gateway.browser(portB);
        again.setCookie("__Host-tollgate_device", trusted.cookie("__Host-tollgate_device"));
        Response trustedSignIn = again.signIn("frank", PASSWORD);
        assertEquals(429, trustedSignIn.statusCode(), "no trusted browser while locked: " + trustedSignIn.asString());
        assertEquals(302, again.get("/frank-via-trust").statusCode());

        // The recovery code refused while locked was not spent: after an unlock it still works.
        assertEquals(200, gateway.api("POST", "/users/" + id + "/unlock", null).statusCode());
        PortalClient afterUnlock = gateway.browser(portB);
        assertTrue(afterUnlock.signIn("frank", PASSWORD).header("Location").contains("/totp"));
        afterUnlock.get("/.tollgate/recovery");
        Response used = afterUnlock.submit("/.tollgate/recovery", "code", recovery.get(0));
        assertTrue(used.statusCode() == 303 || used.statusCode() == 200, used.asString());
        assertEquals(200, afterUnlock.get("/frank-unlocked").statusCode());
    }

    @Test
    void everySpellingOfAUsernameCountsAgainstTheOneUser() throws Exception {
        gateway.user("josé", PASSWORD);
        // As typed: other case, full-width letters, a decomposed accent, spaces around.
        List<String> spellings = List.of("JOSÉ", "Jose\u0301", "ｊｏｓé", " josé ", "JOSE\u0301");
        for (int i = 0; i < spellings.size(); i++) {
            Response refused = gateway.browser(i % 2 == 0 ? portA : portB).signIn(spellings.get(i), "wrong password " + i);
            // The fifth failure is answered with the lock it starts.
            int expected = i < spellings.size() - 1 ? 401 : 429;
            assertEquals(expected, refused.statusCode(), "spelling " + i + ": " + refused.asString());
        }
        // A name is stored only in the spelling signing in reads it as: a full-width one could never sign in.
        var refused = gateway.api("POST", "/users", "{\"username\": \"ｊｏｈｎ\", \"password\": \"" + PASSWORD + "\"}");
        assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500 && refused.body().contains("username"),
                refused.statusCode() + " " + refused.body());
        for (String spelling : List.of("josé", "Jose\u0301")) {
            Response locked = gateway.browser(portB).signIn(spelling, PASSWORD);
            assertEquals(429, locked.statusCode(), "five failures under five spellings lock josé: " + locked.asString());
        }
    }

    @Test
    void aNameTheDatabaseFoldsOtherwiseIsNoUser() throws Exception {
        // PostgreSQL's lower() may fold "İ" to "i"; the counter's key keeps it apart: so it must be no user.
        gateway.user("iris", PASSWORD);
        Response dotted = gateway.browser(portA).signIn("İRIS", PASSWORD);
        assertEquals(401, dotted.statusCode(), dotted.asString());
        assertEquals(303, gateway.browser(portA).signIn("IRIS", PASSWORD).statusCode());
    }

    private static String wrongCode(Totp phone) {
        String right = ProductionGateway.now(phone);
        return right.equals("000000") ? "000001" : "000000";
    }

    private static String wrongCode(Authenticator phone) {
        return phone.code().equals("000000") ? "000001" : "000000";
    }

    private static int withKey(int port, String key) {
        return io.restassured.RestAssured.given().baseUri("http://127.0.0.1").port(port).redirects().follow(false)
                .header("Host", ProductionGateway.APP).header("X-Forwarded-Proto", "https").header("X-Auth-Key", key)
                .get("/with-key").statusCode();
    }
}
