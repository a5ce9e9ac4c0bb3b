package io.tollgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.testing.EndedSessions;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.StoresTestResource;
import io.tollgate.testing.TestAccounts;
import io.vertx.redis.client.ResponseType;

/**
 * Changes made straight in the database (as an administrator would until the admin console
 * exists) reach open sessions within seconds: a disabled user, or one whose groups changed,
 * no longer passes with the identity copied at sign-in.
 */
@QuarkusTest
class AccountChangeWatchTest {

    private static final Duration WITHIN = Duration.ofSeconds(8);

    @Inject
    TestAccounts accounts;

    @Inject
    EndedSessions ended;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void setUp() {
        // No TOTP for these users: the password is the whole sign-in, so two_factor routes open with it.
        accounts.policy(Set.of(), Set.of(), false, 7, Duration.ZERO, true);
        accounts.unlock();
    }

    private PortalClient signedIn(String username) {
        PortalClient browser = new PortalClient("alpha.test");
        assertEquals("/.tollgate/", browser.signIn(username, TestAccounts.PASSWORD).header("Location"));
        assertEquals(200, browser.get("/secure/x").statusCode());
        return browser;
    }

    private static void signedOutWithin(PortalClient browser) {
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(250))
                .until(() -> browser.get("/secure/x").statusCode() == 302);
        Response answer = browser.get("/secure/x");
        assertTrue(answer.header("Location").startsWith("/.tollgate/login"), answer.header("Location"));
    }

    @Test
    void disablingAUserInSqlEndsTheirOpenSessionWithinSeconds() {
        accounts.create("acw-disabled", false, "acw-staff");
        PortalClient browser = signedIn("acw-disabled");
        String handle = SessionStore.handle(browser.cookie("tollgate_session"));
        accounts.sql("UPDATE users SET disabled = TRUE WHERE lower(username) = 'acw-disabled'");
        signedOutWithin(browser);
        assertTrue(ended.announced(handle), "open tunnels of the session are told");
    }

    @Test
    void aChangeMadeWhileRedisIsAwayStillEndsTheSessionOnceRedisIsBack() throws Exception {
        accounts.create("acw-outage", false, "acw-staff");
        PortalClient browser = signedIn("acw-outage");
        String handle = SessionStore.handle(browser.cookie("tollgate_session"));
        // Like a Sentinel failover, Redis comes back with the data it had: its sessions are written to disk first.
        redis.value(String.class).setex("acw-outage-marker", 120, "kept");
        redis.execute("SAVE");
        io.vertx.mutiny.redis.client.Response dir = redis.execute("CONFIG", "GET", "dir");
        Path dump = Path.of((dir.type() == ResponseType.MULTI && dir.size() == 2
                && !dir.getKeys().contains("dir") ? dir.get(1) : dir.get("dir")).toString(), "dump.rdb");
        StoresTestResource.stores().stopRedis();
        try {
            accounts.sql("UPDATE users SET disabled = TRUE WHERE lower(username) = 'acw-outage'");
            // Long enough for the look at first sight and the second look to happen, and fail, while Redis is away.
            Thread.sleep(AccountChangeWatch.SECOND_LOOK.plusSeconds(5).toMillis());
        } finally {
            StoresTestResource.stores().startRedis();
            // Later restarts start empty again, as every other test expects.
            Files.deleteIfExists(dump);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> "kept".equals(redis.value(String.class).get("acw-outage-marker")));

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> browser.get("/secure/x").statusCode() == 302);
        assertTrue(ended.announced(handle), "open tunnels of the session are told");
    }

    @Test
    void resettingTwoStepVerificationInSqlEndsTheOpenSessionAndNotTheNextOne() {
        accounts.create("acw-reset", false, "acw-staff");
        PortalClient browser = signedIn("acw-reset");
        browser.enroll();
        assertEquals(200, browser.get("/secure/x").statusCode());
        String handle = SessionStore.handle(browser.cookie("tollgate_session"));

        // The reset as docs/operations.md gives it.
        String user = "(SELECT id FROM users WHERE lower(username) = 'acw-reset')";
        accounts.sqlTransaction(
                "DELETE FROM totp_credentials WHERE user_id = " + user,
                "DELETE FROM recovery_codes   WHERE user_id = " + user,
                "DELETE FROM trusted_devices  WHERE user_id = " + user,
                """
                INSERT INTO audit_event (username, type, outcome, details)
                     VALUES ('acw-reset', 'CREDENTIAL_CHANGED', 'SUCCESS', 'two-step verification reset by an administrator (SQL)')
                """);
        signedOutWithin(browser);
        assertTrue(ended.announced(handle), "open tunnels of the session are told");

        // A sign-in after the reset is not ended by it, not even at the change's second look.
        PortalClient again = signedIn("acw-reset");
        Awaitility.await().during(AccountChangeWatch.SECOND_LOOK.plusSeconds(3))
                .atMost(AccountChangeWatch.SECOND_LOOK.plusSeconds(6))
                .until(() -> again.get("/secure/x").statusCode() == 200);
    }

    @Test
    void theUsersOwnChangesToTheirSecondFactorAreNoReset() {
        accounts.create("acw-own", false, "acw-staff");
        PortalClient browser = signedIn("acw-own");
        browser.enroll();
        browser.enroll();
        Matcher credential = Pattern.compile("name=\"id\" value=\"([0-9a-f-]{36})\"")
                .matcher(browser.get("/.tollgate/account").asString());
        assertTrue(credential.find());
        assertEquals(303, browser.submit("/.tollgate/account/credentials/delete", "id", credential.group(1))
                .statusCode());
        browser.get("/.tollgate/account");
        assertEquals(303, browser.submit("/.tollgate/account/recovery-codes").statusCode());
        browser.get("/.tollgate/account");
        Response off = browser.submit("/.tollgate/account/two-step/off");
        assertTrue(off.header("Location").endsWith("done=turned_off"), off.header("Location"));

        assertEquals(0, accounts.reload("acw-own").secondFactorResets, "removals made by Tollgate are no reset");
        assertEquals(200, browser.get("/secure/x").statusCode());
    }

    @Test
    void changingGroupsInSqlEndsTheOpenSessionAndTheNextOneCarriesTheNewGroups() {
        accounts.create("acw-groups", false, "acw-staff");
        PortalClient browser = signedIn("acw-groups");
        accounts.create("acw-other", false, "acw-auditors");
        accounts.sql("""
                INSERT INTO memberships (user_id, group_id)
                SELECT u.id, g.id FROM users u, groups g
                 WHERE lower(u.username) = 'acw-groups' AND lower(g.name) = 'acw-auditors'
                """);
        signedOutWithin(browser);

        PortalClient again = signedIn("acw-groups");
        assertEquals("acw-auditors,acw-staff", again.get("/secure/x").jsonPath().getString("headers.remote-groups"));
        // A session opened after the change is not ended by it.
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> again.get("/secure/x").statusCode() == 200);
    }

    @Test
    void removingAUserFromAGroupEndsTheirSession() {
        accounts.create("acw-leaver", false, "acw-staff", "acw-team");
        PortalClient browser = signedIn("acw-leaver");
        accounts.sql("""
                DELETE FROM memberships WHERE user_id = (SELECT id FROM users WHERE lower(username) = 'acw-leaver')
                   AND group_id = (SELECT id FROM groups WHERE lower(name) = 'acw-team')
                """);
        signedOutWithin(browser);
    }

    @Test
    void logoutAnnouncesTheEndedSession() {
        accounts.create("acw-logout", false, "acw-staff");
        PortalClient browser = signedIn("acw-logout");
        String handle = SessionStore.handle(browser.cookie("tollgate_session"));
        assertFalse(ended.announced(handle));
        browser.logout();
        assertTrue(ended.announced(handle));
    }

    @Test
    void signingOutAnotherSessionAnnouncesIt() {
        accounts.create("acw-other-session", false, "acw-staff");
        PortalClient laptop = signedIn("acw-other-session");
        PortalClient phone = signedIn("acw-other-session");
        String phoneHandle = SessionStore.handle(phone.cookie("tollgate_session"));
        laptop.get("/.tollgate/account");
        assertEquals(303, laptop.submit("/.tollgate/account/sessions/end", "handle", phoneHandle).statusCode());
        assertTrue(ended.announced(phoneHandle));
        assertEquals(302, phone.get("/secure/x").statusCode());
    }
}
