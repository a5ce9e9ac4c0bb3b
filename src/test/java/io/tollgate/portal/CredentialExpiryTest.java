package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.account.User;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.RecoveryCodeRepository;
import io.tollgate.credential.TotpCredentialRepository;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/**
 * Credentials that expire (policy credential lifetime): the password alone never leads to a
 * new authenticator. A recovery code does; without one, an administrator must reset.
 */
@QuarkusTest
class CredentialExpiryTest {

    private static final Duration LIFETIME = Duration.ofDays(30);

    @Inject
    TestAccounts accounts;

    @Inject
    TotpCredentialRepository credentials;

    @Inject
    RecoveryCodeRepository recoveryCodes;

    @Inject
    AuditLog audit;

    @Inject
    SessionStore sessions;

    /** The user's first authenticator and the recovery codes shown with it. */
    private record Enrolled(User user, Authenticator app, List<String> codes) {
    }

    @BeforeEach
    void setUp() {
        accounts.policy(Set.of("ce-required"), Set.of(), false, 7, LIFETIME, true);
        accounts.unlock();
    }

    /** Enrolls, signs out, then ages the authenticator past the lifetime. */
    private Enrolled expired(String username) {
        User user = accounts.create(username, false, "ce-required");
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn(username, TestAccounts.PASSWORD);
        Authenticator app = Authenticator.scan(browser.get("/.tollgate/enroll").asString());
        List<String> codes = PortalClient.recoveryCodes(browser.follow(browser.submit("/.tollgate/enroll", "name",
                "phone", "code", app.code())).asString());
        assertEquals(10, codes.size());
        browser.logout();
        accounts.execute("update TotpCredential set createdAt = ?1 where userId = ?2", TestAccounts.daysAgo(31), user.id);
        return new Enrolled(user, app, codes);
    }

    @Test
    void thePasswordAloneAfterExpiryDoesNotLeadToEnrollment() {
        Enrolled e = expired("ce-password-only");
        PortalClient intruder = new PortalClient("alpha.test");
        Response afterPassword = intruder.signIn("ce-password-only", TestAccounts.PASSWORD);
        assertTrue(afterPassword.header("Location").startsWith("/.tollgate/renew"), afterPassword.header("Location"));

        Response enroll = intruder.get("/.tollgate/enroll");
        assertEquals(303, enroll.statusCode(), "no enrollment page");
        assertTrue(enroll.header("Location").startsWith("/.tollgate/renew"), enroll.header("Location"));
        intruder.get("/.tollgate/renew");
        Response posted = intruder.submit("/.tollgate/enroll", "enrollment", "00000000-0000-0000-0000-000000000000",
                "name", "mine", "code", "123456");
        assertEquals(303, posted.statusCode());
        assertEquals(303, intruder.get("/.tollgate/totp").statusCode(), "no code page for an expired authenticator");
        assertEquals(302, intruder.get("/secure/x").statusCode(), "no two-factor route");

        assertEquals(1L, verified(e.user()), "nothing deleted at the password step");
        assertEquals(0L, TestAccounts.await(() -> Panache.withSession(() -> credentials.count(
                "userId = ?1 and verified = false", e.user().id))), "no enrollment started");
        assertTrue(events("ce-password-only").contains("CREDENTIAL_EXPIRED/SUCCESS"), "the expiry is audited");
    }

    @Test
    void aRecoveryCodeThenANewAuthenticatorReplacesTheExpiredOne() {
        Enrolled e = expired("ce-renew");
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("ce-renew", TestAccounts.PASSWORD);
        browser.get("/.tollgate/renew").then().statusCode(200).body(containsString("has expired"))
                .body(containsString("name=\"code\""));
        assertEquals(401, browser.submit("/.tollgate/renew", "code", "aaaa-aaaa").statusCode());
        Response recovered = browser.submit("/.tollgate/renew", "code", e.codes().get(0));
        assertEquals(303, recovered.statusCode(), recovered.asString());
        assertTrue(recovered.header("Location").startsWith("/.tollgate/enroll"), recovered.header("Location"));

        Response page = browser.get(recovered.header("Location"));
        assertEquals(200, page.statusCode());
        Authenticator renewed = Authenticator.scan(page.asString());
        assertNotEquals(e.app().key().secret(), renewed.key().secret());
        // Until the new one is confirmed, the old credential and the other codes stay.
        assertEquals(1L, verified(e.user()));
        assertEquals(9L, unusedCodes(e.user()));
        Response confirmed = browser.follow(browser.submit("/.tollgate/enroll", "name", "new phone", "code", renewed.code()));
        assertEquals(200, confirmed.statusCode(), confirmed.asString());
        List<String> newCodes = PortalClient.recoveryCodes(confirmed.asString());
        assertEquals(10, newCodes.size(), "a new set replaces the old one");
        assertFalse(newCodes.contains(e.codes().get(1)));
        assertEquals(1L, verified(e.user()), "only the new authenticator");
        assertEquals(10L, unusedCodes(e.user()));
        browser.get("/secure/x").then().statusCode(200);
        browser.logout();

        // The next sign-in asks for a code from the new app; the old app's codes are worthless.
        browser.signIn("ce-renew", TestAccounts.PASSWORD);
        assertEquals(401, browser.code(e.app().code(1)).statusCode());
        assertEquals(303, browser.code(renewed.code(2)).statusCode());
        browser.get("/secure/x").then().statusCode(200);
        List<String> events = events("ce-renew");
        assertTrue(events.contains("ENROLLMENT/SUCCESS"), events.toString());
        assertTrue(events.stream().filter("CREDENTIAL_EXPIRED/SUCCESS"::equals).count() >= 2,
                "expiry and re-enrollment audited: " + events);
    }

    @Test
    void untilTheNewAuthenticatorIsConfirmedNoRouteOpensNotEvenWithARecoveryCode() {
        Enrolled e = expired("ce-skipper");
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("ce-skipper", TestAccounts.PASSWORD);
        assertSentTo("/.tollgate/renew", browser, "/office/desk");

        // Each sign-in could spend a recovery code and skip the new authenticator: the code alone opens nothing.
        for (String code : e.codes().subList(0, 2)) {
            browser.get("/.tollgate/renew");
            Response recovered = browser.submit("/.tollgate/renew", "code", code);
            assertTrue(recovered.header("Location").startsWith("/.tollgate/enroll"), recovered.header("Location"));
            assertSentTo("/.tollgate/enroll", browser, "/secure/x");
            assertSentTo("/.tollgate/enroll", browser, "/office/desk");
            Response account = browser.get("/.tollgate/account");
            assertTrue(account.header("Location").startsWith("/.tollgate/enroll"), account.header("Location"));
            browser.logout();
            browser.signIn("ce-skipper", TestAccounts.PASSWORD);
        }

        browser.get("/.tollgate/renew");
        browser.submit("/.tollgate/renew", "code", e.codes().get(2));
        Authenticator renewed = Authenticator.scan(browser.get("/.tollgate/enroll").asString());
        assertEquals(303, browser.submit("/.tollgate/enroll", "name", "new phone", "code", renewed.code()).statusCode());
        browser.get("/secure/x").then().statusCode(200);
        browser.get("/office/desk").then().statusCode(200);
    }

    @Test
    void aRecoveryCodeNoLongerRecentIsAskedAgainBeforeTheNewAuthenticator() {
        Enrolled e = expired("ce-slow");
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("ce-slow", TestAccounts.PASSWORD);
        browser.get("/.tollgate/renew");
        browser.submit("/.tollgate/renew", "code", e.codes().get(0));
        // Eleven minutes at the enrollment page: the recovery code is no longer a recent code.
        Session session = TestAccounts.await(() -> sessions.find(browser.cookie("tollgate_session"))).orElseThrow();
        TestAccounts.await(() -> sessions.update(session.withLastTwoFactorAt(Instant.now().minus(Duration.ofMinutes(11)))));

        Response enroll = browser.get("/.tollgate/enroll");
        assertEquals(303, enroll.statusCode());
        assertTrue(enroll.header("Location").startsWith("/.tollgate/renew"), enroll.header("Location"));
        assertSentTo("/.tollgate/renew", browser, "/secure/x");
        browser.get("/.tollgate/renew").then().statusCode(200).body(containsString("name=\"code\""));
        Response again = browser.submit("/.tollgate/renew", "code", e.codes().get(1));
        assertTrue(again.header("Location").startsWith("/.tollgate/enroll"), again.header("Location"));
        Authenticator renewed = Authenticator.scan(browser.get("/.tollgate/enroll").asString());
        assertEquals(303, browser.submit("/.tollgate/enroll", "name", "new phone", "code", renewed.code()).statusCode());
        browser.get("/secure/x").then().statusCode(200);
    }

    /** A protected route does not reach the application: it sends the browser to sign in, which sends it to the step. */
    private static void assertSentTo(String step, PortalClient browser, String route) {
        Response answer = browser.get(route);
        assertEquals(302, answer.statusCode(), route + " reached the application");
        Response signIn = browser.get(answer.header("Location"));
        assertEquals(303, signIn.statusCode(), signIn.asString());
        assertTrue(signIn.header("Location").startsWith(step), route + " led to " + signIn.header("Location"));
    }

    @Test
    void withoutRecoveryCodesAnAdministratorMustResetAndNothingIsEnrolled() {
        Enrolled e = expired("ce-no-codes");
        accounts.execute("delete from RecoveryCode where userId = ?1", e.user().id);
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("ce-no-codes", TestAccounts.PASSWORD);
        Response page = browser.get("/.tollgate/renew");
        assertEquals(200, page.statusCode());
        page.then().body(containsString("administrator must reset your two-step verification"))
                .body(Matchers.not(containsString("name=\"code\"")));
        browser.get("/.tollgate/renew?lang=fr").then().body(containsString("administrateur"));
        assertEquals(303, browser.get("/.tollgate/enroll").statusCode());
        assertEquals(1L, verified(e.user()));
        assertEquals(302, browser.get("/secure/x").statusCode());
    }

    @Test
    void recoveryCodesTurnedOffMeanAnAdministratorResetsToo() {
        Enrolled e = expired("ce-codes-off");
        accounts.policy(Set.of("ce-required"), Set.of(), false, 7, LIFETIME, false);
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("ce-codes-off", TestAccounts.PASSWORD);
        browser.get("/.tollgate/renew").then().statusCode(200)
                .body(containsString("administrator must reset your two-step verification"));
        browser.get("/.tollgate/logout"); // a page with this session's form token
        Response posted = browser.submit("/.tollgate/renew", "code", e.codes().get(0));
        assertEquals(303, posted.statusCode(), "a code is not taken while they are off");
        assertTrue(posted.header("Location").startsWith("/.tollgate/renew"), posted.header("Location"));
        assertEquals(10L, unusedCodes(e.user()));
    }

    @Test
    void anExpiredAuthenticatorBesideALiveOneIsDroppedAndItsCodesRefused() {
        Enrolled e = expired("ce-two-apps");
        // A second authenticator, added later, is still within its lifetime.
        accounts.execute("update TotpCredential set createdAt = ?1 where userId = ?2", TestAccounts.daysAgo(1),
                e.user().id);
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("ce-two-apps", TestAccounts.PASSWORD);
        assertEquals(303, browser.code(e.app().code(1)).statusCode());
        Authenticator second = Authenticator.scan(browser.get("/.tollgate/enroll").asString());
        assertEquals(303, browser.submit("/.tollgate/enroll", "name", "tablet", "code", second.code()).statusCode());
        assertEquals(2L, verified(e.user()));
        browser.logout();
        accounts.execute("update TotpCredential set createdAt = ?1 where userId = ?2 and name = ?3",
                TestAccounts.daysAgo(31), e.user().id, "phone");

        Response afterPassword = browser.signIn("ce-two-apps", TestAccounts.PASSWORD);
        assertTrue(afterPassword.header("Location").startsWith("/.tollgate/totp"), afterPassword.header("Location"));
        assertEquals(1L, verified(e.user()), "the expired one is gone, the live one stays");
        assertEquals(401, browser.code(e.app().code(2)).statusCode(), "the expired app's code is refused");
        assertEquals(303, browser.code(second.code(3)).statusCode());
    }

    private long verified(User user) {
        return TestAccounts.await(() -> Panache.withSession(() -> credentials.count("userId = ?1 and verified = true",
                user.id)));
    }

    private long unusedCodes(User user) {
        return TestAccounts.await(() -> Panache.withSession(() -> recoveryCodes.countUnused(user.id)));
    }

    private List<String> events(String username) {
        return TestAccounts.await(() -> audit.latestOf(username, 50)).stream().map(ev -> ev.type + "/" + ev.outcome)
                .toList();
    }
}
