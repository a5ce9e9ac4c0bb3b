package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.account.User;
import io.tollgate.credential.TotpCredentialRepository;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/**
 * Who is asked for what, through the real gateway: groups, the administrators switch, opting
 * in, the grace period, credential lifetime (see also CredentialExpiryTest), and access rules
 * by network, host, path and method.
 */
@QuarkusTest
class PolicyMatrixTest {

    @Inject
    TotpCredentialRepository credentials;

    @Inject
    TestAccounts accounts;

    @BeforeEach
    void setUp() {
        policy(true, 7, Duration.ZERO);
        accounts.unlock();
    }

    private void policy(boolean adminsRequired, int graceDays, Duration lifetime) {
        accounts.policy(Set.of("pm-required"), Set.of("pm-exempt"), adminsRequired, graceDays, lifetime, true);
    }

    @Test
    void anExemptGroupWinsOverARequiredOne() {
        accounts.create("pm-exempt-user", false, "pm-required", "pm-exempt");
        PortalClient browser = new PortalClient("alpha.test");
        Response afterPassword = browser.signIn("pm-exempt-user", TestAccounts.PASSWORD);
        assertEquals("/.tollgate/", afterPassword.header("Location"), "no second step");
        assertEquals("pm-exempt-user", browser.get("/secure/page").then().statusCode(200).extract().jsonPath()
                .getString("headers.remote-user"));
    }

    @Test
    void administratorsMustEnrollOnlyWhileTheSwitchIsOn() {
        accounts.create("pm-admin", true);
        assertTrue(new PortalClient("alpha.test").signIn("pm-admin", TestAccounts.PASSWORD).header("Location")
                .startsWith("/.tollgate/setup"));
        policy(false, 7, Duration.ZERO);
        assertEquals("/.tollgate/", new PortalClient("alpha.test").signIn("pm-admin", TestAccounts.PASSWORD)
                .header("Location"));
    }

    @Test
    void anOptionalUserIsAskedForACodeOnceEnrolled() {
        accounts.create("pm-optional", false, "pm-other");
        PortalClient browser = new PortalClient("alpha.test");
        assertEquals("/.tollgate/", browser.signIn("pm-optional", TestAccounts.PASSWORD).header("Location"));
        browser.get("/secure/page").then().statusCode(200);
        browser.get("/.tollgate/").then().statusCode(200)
                .body(Matchers.containsString("Set up two-step verification"));
        browser.enroll();
        browser.logout();
        assertTrue(browser.signIn("pm-optional", TestAccounts.PASSWORD).header("Location").startsWith("/.tollgate/totp"));
        assertEquals(302, browser.get("/secure/page").statusCode(), "the code is owed before two-factor routes");
    }

    @Test
    void theGracePeriodCanBeSkippedUntilItEnds() {
        accounts.create("pm-grace", false, "pm-required");
        PortalClient browser = new PortalClient("alpha.test");
        browser.get("/secure/page?x=1");
        Response afterPassword = browser.follow(browser.get("/secure/page?x=1"));
        afterPassword = browser.submit("/.tollgate/login", "username", "pm-grace", "password", TestAccounts.PASSWORD);
        assertTrue(afterPassword.header("Location").startsWith("/.tollgate/setup"));
        browser.get(afterPassword.header("Location"));
        Response skipped = browser.submit("/.tollgate/setup/skip");
        assertEquals("http://alpha.test/secure/page?x=1", skipped.header("Location"));
        browser.get("/secure/page?x=1").then().statusCode(200);
        browser.logout();

        // Eight days later: enrollment comes before anything, even a one-factor route.
        accounts.execute("update User set totpGraceStartedAt = ?1 where username = ?2", TestAccounts.daysAgo(8),
                "pm-grace");
        Response forced = browser.signIn("pm-grace", TestAccounts.PASSWORD);
        assertTrue(forced.header("Location").startsWith("/.tollgate/enroll"), forced.header("Location"));
        assertEquals(302, browser.get("/office/desk").statusCode());
        assertEquals(303, browser.get("/.tollgate/setup").statusCode(), "nothing to skip any more");
        browser.get("/.tollgate/enroll").then().statusCode(200)
                .body(Matchers.containsString("required for your account"));
    }

    @Test
    void anExpiredCredentialIsKeptAtLoginAndARecoveryCodeComesBeforeANewOne() {
        User user = accounts.create("pm-expiring", false, "pm-required");
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("pm-expiring", TestAccounts.PASSWORD);
        browser.enroll();
        browser.logout();
        policy(true, 7, Duration.ofDays(30));
        accounts.execute("update TotpCredential set createdAt = ?1 where userId = ?2", TestAccounts.daysAgo(31), user.id);
        accounts.execute("update User set totpGraceStartedAt = ?1 where id = ?2", TestAccounts.daysAgo(31), user.id);
        Response afterPassword = browser.signIn("pm-expiring", TestAccounts.PASSWORD);
        assertTrue(afterPassword.header("Location").startsWith("/.tollgate/renew"), afterPassword.header("Location"));
        assertEquals(1L, TestAccounts.await(() -> Panache.withSession(() -> credentials.count("userId", user.id))));
    }

    @Test
    void aOneFactorRouteNeedsOnlyThePassword() {
        accounts.create("pm-office", false, "pm-required");
        PortalClient browser = new PortalClient("alpha.test");
        assertEquals(302, browser.get("/office/desk").statusCode());
        browser.signIn("pm-office", TestAccounts.PASSWORD);
        browser.enroll();
        browser.logout();
        browser.signIn("pm-office", TestAccounts.PASSWORD);
        assertEquals("pm-office", browser.get("/office/desk").then().statusCode(200).extract().jsonPath()
                .getString("headers.remote-user"), "password done, code still owed: enough here");
        assertEquals(302, browser.get("/secure/page").statusCode(), "not enough on a two-factor route");
    }

    @Test
    void accessRulesRefineTheRoutePolicyFirstMatchWins() {
        PortalClient stranger = new PortalClient("alpha.test");
        // Host and path rule: bypass without signing in, and no identity is passed on.
        assertEquals(200, stranger.get("/secure/open/doc").statusCode());
        assertEquals(302, stranger.get("/secure/opening").statusCode(), "the path regex is anchored");
        // Network rule for the loopback: one factor instead of two.
        accounts.create("pm-lan", false, "pm-required");
        PortalClient lan = new PortalClient("alpha.test");
        lan.signIn("pm-lan", TestAccounts.PASSWORD);
        lan.enroll();
        lan.logout();
        lan.signIn("pm-lan", TestAccounts.PASSWORD);
        assertEquals(200, lan.get("/secure/lan/x").statusCode());
        assertEquals(302, lan.get("/secure/x").statusCode());
        // Method rule: POST and DELETE refused outright, GET goes through the route's policy.
        assertEquals(403, stranger.post("/secure/admin/users", Map.of("a", "b")).statusCode());
        assertEquals(302, stranger.get("/secure/admin/users").statusCode());
    }

    @Test
    void xForwardedForFromAnUntrustedPeerIsIgnored() {
        PortalClient spoofer = new PortalClient("alpha.test").header("X-Forwarded-For", "10.1.2.3");
        assertEquals(302, spoofer.get("/secure/remote/x").statusCode(), "the 10.0.0.0/8 bypass does not apply");
    }

    @Test
    void apiClientsGetA401WithWhereToSignIn() {
        Response answer = new PortalClient("alpha.test").header("Accept", "application/json").get("/secure/data");
        assertEquals(401, answer.statusCode());
        assertEquals("unauthorized", answer.jsonPath().getString("error"));
        assertTrue(answer.jsonPath().getString("login").startsWith("/.tollgate/login?rd="));
    }
}
