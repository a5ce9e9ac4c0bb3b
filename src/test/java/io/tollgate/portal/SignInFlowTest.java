package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/**
 * The whole journey through a real gateway, database, Redis and upstream: a protected page,
 * sign-in, enrollment from the QR code, recovery codes, the upstream seeing who it is, logout,
 * sign-in with a code, a replayed code, a recovery code that works once.
 */
@QuarkusTest
class SignInFlowTest {

    @Inject
    AuditLog audit;

    @Inject
    TestAccounts accounts;

    @BeforeEach
    void setUp() {
        accounts.policy(Set.of("flow-required"), Set.of(), true, 7, Duration.ZERO, true);
        accounts.unlock("flow-user");
    }

    @Test
    void fromAProtectedPageThroughEnrollmentToTheUpstreamAndBackWithCodes() {
        accounts.create("flow-user", false, "flow-required");
        PortalClient browser = new PortalClient("alpha.test");

        // A protected page sends the browser to sign in, keeping where it was going.
        Response protectedPage = browser.get("/secure/report?year=2026");
        assertEquals(302, protectedPage.statusCode());
        String location = protectedPage.header("Location");
        assertTrue(location.startsWith("/.tollgate/login?rd="), location);
        assertEquals("http://alpha.test/secure/report?year=2026",
                URLDecoder.decode(location.substring(location.indexOf("rd=") + 3), StandardCharsets.UTF_8));

        Response login = browser.get(location);
        assertEquals(200, login.statusCode());
        assertNotNull(browser.cookie("tollgate_session"), "the login page opens an anonymous session");
        login.then().body(containsString("autocomplete=\"current-password\""));

        // Password: this user must use TOTP but has none yet, and is within the grace period.
        Response afterPassword = browser.submit("/.tollgate/login", "username", "Flow-User", "password",
                TestAccounts.PASSWORD);
        assertEquals(303, afterPassword.statusCode());
        assertTrue(afterPassword.header("Location").startsWith("/.tollgate/setup?rd="), afterPassword.header("Location"));
        browser.get(afterPassword.header("Location")).then().statusCode(200).body(containsString("Skip for now"));

        // Enrollment: the QR code, the secret in groups of four, the manual details.
        Response enrollment = browser.get(afterPassword.header("Location").replace("/setup", "/enroll"));
        assertEquals(200, enrollment.statusCode());
        Authenticator app = Authenticator.scan(enrollment.asString());
        String grouped = app.key().secret().replaceAll("(.{4})(?!$)", "$1 ");
        enrollment.then().body(containsString(grouped)).body(containsString("SHA1"))
                .body(containsString("30 seconds"));
        Response enrolled = browser.submit("/.tollgate/enroll", "name", "My phone", "code", app.code());
        assertEquals(303, enrolled.statusCode(), enrolled.asString());
        Response codes = browser.follow(enrolled);
        assertEquals(200, codes.statusCode(), codes.asString());
        List<String> recovery = PortalClient.recoveryCodes(codes.asString());
        assertEquals(10, recovery.size());
        codes.then().body(containsString("download=\"recovery-codes.txt\""))
                .body(containsString("data:text/plain;charset=utf-8,Recovery%20codes%20for%20Tollgate."));

        // "I have saved them" leads back to the page first asked for, which the upstream now serves.
        assertTrue(codes.asString().contains("I have saved them"));
        Response saved = browser.submit("/.tollgate/recovery-codes/saved");
        assertEquals("http://alpha.test/secure/report?year=2026", saved.header("Location"));
        JsonPath seen = browser.get("/secure/report?year=2026").then().statusCode(200).extract().jsonPath();
        assertEquals("/secure/report?year=2026", seen.getString("uri"));
        assertEquals("flow-user", seen.getString("headers.remote-user"));
        assertEquals("flow-required", seen.getString("headers.remote-groups"));
        assertEquals("flow-user@example.test", seen.getString("headers.remote-email"));
        assertEquals("Name of flow-user", seen.getString("headers.remote-name"));

        logout(browser);
        assertEquals(302, browser.get("/secure/report").statusCode(), "signed out: sign-in again");

        // Sign in again: now a code is asked; the next step's code is accepted (within the window).
        String nextCode = app.code(1);
        Response challenge = signIn(browser);
        assertTrue(challenge.header("Location").startsWith("/.tollgate/totp"), challenge.header("Location"));
        browser.get(challenge.header("Location")).then().statusCode(200)
                .body(containsString("autocomplete=\"one-time-code\"")).body(containsString("inputmode=\"numeric\""))
                .body(containsString("autofocus"));
        Response accepted = browser.submit("/.tollgate/totp", "code", nextCode);
        assertEquals(303, accepted.statusCode(), accepted.asString());
        browser.get("/secure/report").then().statusCode(200);
        logout(browser);

        // The same code again: refused as a replay, and the user stays outside.
        browser.get(signIn(browser).header("Location"));
        Response replay = browser.submit("/.tollgate/totp", "code", nextCode);
        assertEquals(401, replay.statusCode());
        replay.then().body(containsString("already used"));
        assertEquals(302, browser.get("/secure/report").statusCode());

        // A recovery code instead: works once.
        browser.get("/.tollgate/recovery");
        Response recovered = browser.submit("/.tollgate/recovery", "code", recovery.get(3).toUpperCase());
        assertEquals(303, recovered.statusCode(), recovered.asString());
        browser.get("/secure/report").then().statusCode(200);
        logout(browser);
        browser.get(signIn(browser).header("Location"));
        browser.get("/.tollgate/recovery");
        Response reused = browser.submit("/.tollgate/recovery", "code", recovery.get(3));
        assertEquals(401, reused.statusCode());
        reused.then().body(containsString("not valid or was already used"));

        List<String> events = TestAccounts.await(() -> audit.latestOf("flow-user", 50)).stream()
                .map(e -> e.type + "/" + e.outcome).toList();
        for (String expected : List.of("LOGIN/SUCCESS", "ENROLLMENT/SUCCESS", "TOTP/SUCCESS", "TOTP/REPLAY",
                "RECOVERY_CODE/SUCCESS", "RECOVERY_CODE/FAILURE", "LOGOUT/SUCCESS")) {
            assertTrue(events.contains(expected), expected + " in " + events);
        }
        AuditEvent any = TestAccounts.await(() -> audit.latestOf("flow-user", 1)).get(0);
        assertEquals("127.0.0.1", any.clientIp);
        for (AuditEvent event : TestAccounts.await(() -> audit.latestOf("flow-user", 50))) {
            assertTrue(event.details == null || !event.details.contains(recovery.get(3)), "no code in the audit");
        }
    }

    @Test
    void theSessionIdChangesAtEachLevelAndTheOldOneIsWorthless() {
        accounts.create("level-user", false, "flow-required");
        accounts.unlock("level-user");
        PortalClient browser = new PortalClient("alpha.test");
        browser.get("/.tollgate/login");
        String anonymous = browser.cookie("tollgate_session");
        browser.submit("/.tollgate/login", "username", "level-user", "password", TestAccounts.PASSWORD);
        String oneFactor = browser.cookie("tollgate_session");
        assertNotEquals(anonymous, oneFactor);
        Authenticator app = Authenticator.scan(browser.get("/.tollgate/enroll").asString());
        browser.submit("/.tollgate/enroll", "name", "phone", "code", app.code());
        String twoFactor = browser.cookie("tollgate_session");
        assertNotEquals(oneFactor, twoFactor);

        PortalClient thief = new PortalClient("alpha.test");
        thief.setCookie("tollgate_session", oneFactor);
        assertEquals(302, thief.get("/secure/x").statusCode(), "the one-factor id no longer opens anything");
        thief.setCookie("tollgate_session", twoFactor);
        assertEquals(200, thief.get("/secure/x").statusCode());
    }

    @Test
    void theFirstEnrollmentFormSentTwiceLeadsBothClicksToTheSameRecoveryCodes() {
        accounts.create("twice-user", false, "flow-required");
        accounts.unlock("twice-user");
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("twice-user", TestAccounts.PASSWORD);
        Authenticator app = Authenticator.scan(browser.get("/.tollgate/enroll?rd=%2Fsecure%2Fx").asString());
        PortalClient secondClick = browser.secondClick();
        String code = app.code();

        Response first = browser.submit("/.tollgate/enroll", "name", "phone", "code", code);
        assertEquals("/.tollgate/recovery-codes?rd=%2Fsecure%2Fx", first.header("Location"));
        List<String> codes = PortalClient.recoveryCodes(browser.follow(first).asString());
        assertEquals(10, codes.size());

        // The second click, sent before the first answer arrived: no error, on towards the same set.
        Response second = secondClick.submit("/.tollgate/enroll", "name", "phone", "code", code);
        assertEquals(303, second.statusCode(), second.asString());
        assertEquals("/.tollgate/login?rd=%2F.tollgate%2Frecovery-codes%3Frd%3D%252Fsecure%252Fx", second.header("Location"));
        // A browser that kept the first answer's cookie is shown the set at once...
        PortalClient kept = new PortalClient("alpha.test");
        kept.setCookie("tollgate_session", browser.cookie("tollgate_session"));
        assertEquals(codes, PortalClient.recoveryCodes(kept.follow(second).asString()));
        // ...one left with the replaced cookie signs in again and then sees it.
        Response login = secondClick.follow(second);
        assertTrue(login.asString().contains("name=\"password\""), login.asString());
        Response password = secondClick.submit("/.tollgate/login", "username", "twice-user", "password", TestAccounts.PASSWORD);
        secondClick.get(password.header("Location"));
        Response coded = secondClick.submit("/.tollgate/totp", "code", app.code(1));
        Response shown = secondClick.follow(coded);
        assertEquals(codes, PortalClient.recoveryCodes(shown.asString()), shown.asString());

        // Written down: the set is gone for every session, and the way leads on to the page asked for.
        secondClick.submit("/.tollgate/recovery-codes/saved").then().statusCode(303).header("Location", "/secure/x");
        Response afterSaved = kept.get("/.tollgate/recovery-codes?rd=%2Fsecure%2Fx");
        assertEquals("/secure/x", afterSaved.header("Location"));
    }

    @Test
    void twoPostsOfTheFirstEnrollmentFormAtOnceBothLeadToTheRecoveryCodes() throws Exception {
        for (int round = 0; round < 8; round++) {
            String username = "race-user-" + round;
            accounts.create(username, false, "flow-required");
            PortalClient browser = new PortalClient("alpha.test");
            browser.signIn(username, TestAccounts.PASSWORD);
            Authenticator app = Authenticator.scan(browser.get("/.tollgate/enroll").asString());
            PortalClient other = browser.secondClick();
            String code = app.code();
            for (Response answer : PortalClient.atOnce(
                    () -> browser.submit("/.tollgate/enroll", "name", "phone", "code", code),
                    () -> other.submit("/.tollgate/enroll", "name", "phone", "code", code))) {
                assertEquals(303, answer.statusCode(), answer.asString());
                assertTrue(answer.header("Location").contains("recovery-codes"), answer.header("Location"));
            }
        }
    }

    private static Response signIn(PortalClient browser) {
        browser.get("/.tollgate/login");
        Response response = browser.submit("/.tollgate/login", "username", "flow-user", "password", TestAccounts.PASSWORD);
        assertEquals(303, response.statusCode(), response.asString());
        return response;
    }

    private static void logout(PortalClient browser) {
        browser.get("/.tollgate/logout").then().statusCode(200).body(containsString("Sign out"));
        Response out = browser.submit("/.tollgate/logout");
        out.then().statusCode(200).body(containsString("You are signed out"));
        assertNull(browser.cookie("tollgate_session"), "the cookie is cleared");
    }
}
