package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tollgate.account.User;
import io.tollgate.caller.AuthKeys;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.store.RedisCalls;
import io.tollgate.testing.LogCapture;
import io.tollgate.testing.TestAccounts;
import io.vertx.mutiny.redis.client.Command;

/**
 * AuthKeys through the gateway: a key stands for its owner on protected routes without a code,
 * is never passed on to the application, is limited to its routes, and stops working when it
 * expires, its owner is disabled, or it is revoked — on this replica at once, and from another
 * one as soon as the news arrives.
 */
@QuarkusTest
class AuthKeyCallersTest {

    @Inject
    AuthKeys keys;

    @Inject
    TestAccounts accounts;

    @Inject
    RedisCalls redis;

    @Inject
    SecondFactorGuard guard;

    /** Before too: the failures these tests count must be their own, not those of tests run earlier. */
    @BeforeEach
    @AfterEach
    void forgetFailures() {
        TestAccounts.await(() -> guard.unlockAddress("127.0.0.1"));
    }

    private User owner() {
        return accounts.create("keys-" + UUID.randomUUID().toString().substring(0, 8), false, "automation");
    }

    private AuthKeys.Created key(User owner, List<String> routes, OffsetDateTime expiresAt) {
        return TestAccounts.await(() -> keys.create(owner.id, "deploy script", routes, expiresAt));
    }

    private static Response get(String path, String header, String value) {
        return given().redirects().follow(false).header("Host", "alpha.test").header(header, value).get(path);
    }

    @Test
    void aKeyPassesATwoFactorRouteAsItsOwnerAndNeverReachesTheApplication() {
        User owner = owner();
        String key = key(owner, List.of(), null).text();
        for (Response r : List.of(get("/secure/job", "Authorization", "AuthKey " + key),
                get("/secure/job", "X-Auth-Key", key))) {
            assertEquals(200, r.statusCode(), r.asString());
            JsonPath seen = r.jsonPath();
            assertEquals(owner.username, seen.getString("headers.remote-user"));
            assertEquals("automation", seen.getString("headers.remote-groups"));
            assertEquals("authkey", seen.getString("headers.remote-auth-method"));
            assertNull(seen.getString("headers.authorization"));
            assertNull(seen.getString("headers.x-auth-key"));
        }
    }

    @Test
    void anXAuthKeyThatIsNotOursIsTheApplicationsOwn() {
        assertEquals(302, get("/secure/job", "X-Auth-Key", "app-own-value").statusCode());
        assertEquals("app-own-value", get("/", "X-Auth-Key", "app-own-value").jsonPath()
                .getString("headers.x-auth-key"));
    }

    @Test
    void typosUnknownExpiredAndDisabledOwnersKeysAre401AndFailuresCountAgainstTheNetwork() {
        User owner = owner();
        String key = key(owner, List.of(), null).text();
        String typo = key.substring(0, 20) + (key.charAt(20) == 'a' ? 'b' : 'a') + key.substring(21);
        String body = "tgk_" + "Z".repeat(44);
        String unknown = body + AuthKeyFormatAccess.checksum(body);
        String expired = key(owner, List.of(), OffsetDateTime.now().minusMinutes(1)).text();
        for (String refused : List.of(typo, unknown, expired, "tgk_short")) {
            Response r = get("/secure/job", "Authorization", "AuthKey " + refused);
            assertEquals(401, r.statusCode(), refused);
            assertNull(r.header("Location"));
        }
        String failures = TestAccounts.await(() -> redis.send(Command.KEYS, "tollgate:{guard}:fail:ip:*"))
                .toString();
        assertTrue(failures.contains("tollgate:{guard}:fail:ip:"), "failed keys are counted for the network: " + failures);

        User disabled = owner();
        String disabledKey = key(disabled, List.of(), null).text();
        accounts.sql("UPDATE users SET disabled = TRUE WHERE id = ?1", disabled.id);
        assertEquals(401, get("/secure/job", "Authorization", "AuthKey " + disabledKey).statusCode());
    }

    @Test
    void aKeyForSomeRoutesIsRefusedElsewhere() {
        String key = key(owner(), List.of("alpha-office"), null).text();
        assertEquals(200, get("/office/x", "X-Auth-Key", key).statusCode());
        assertEquals(403, get("/secure/x", "X-Auth-Key", key).statusCode());
    }

    @Test
    void aRevocationHereIsHonouredAtOnce() {
        User owner = owner();
        AuthKeys.Created created = key(owner, List.of(), null);
        assertEquals(200, get("/secure/x", "X-Auth-Key", created.text()).statusCode());
        assertTrue(TestAccounts.await(() -> keys.revoke(owner.id, created.key().id)));
        assertEquals(401, get("/secure/x", "X-Auth-Key", created.text()).statusCode());
    }

    @Test
    void whenTheRevocationNewsCannotBeHeardNothingIsCached() {
        User owner = owner();
        AuthKeys.Created created = key(owner, List.of(), null);
        assertEquals(200, get("/secure/x", "X-Auth-Key", created.text()).statusCode());
        // The subscription is cut (as when Redis restarts or the connection drops)...
        TestAccounts.await(() -> redis.send(Command.CLIENT, "KILL", "TYPE", "pubsub"));
        // ...and a revocation made meanwhile, unannounced, is seen at once: the cache went with it.
        accounts.sql("UPDATE auth_keys SET revoked_at = now() WHERE id = ?1", created.key().id);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/secure/x", "X-Auth-Key", created.text()).statusCode() == 401);
        // The subscription comes back by itself: announced revocations work again.
        AuthKeys.Created next = key(owner, List.of(), null);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            get("/secure/x", "X-Auth-Key", next.text());
            return TestAccounts.await(() -> redis.send(Command.PUBSUB, "NUMSUB", "tollgate:authkeys:revoked"))
                    .get(1).toInteger() > 0;
        });
    }

    @Test
    void aLockedOwnersKeyIsRefusedAndLastUseIsWrittenOffTheRequestPath() {
        User owner = owner();
        String key = key(owner, List.of(), null).text();
        assertEquals(200, get("/secure/x", "X-Auth-Key", key).statusCode());
        keys.writeUsage();
        await().atMost(Duration.ofSeconds(5)).until(() -> accounts.sql(
                "UPDATE auth_keys SET name = name WHERE user_id = ?1 AND last_used_at IS NOT NULL", owner.id) == 1);
        TestAccounts.await(() -> redis.send(Command.SET, "tollgate:{guard}:lock:user:" + owner.username, "1", "PX", "60000"));
        try {
            assertEquals(401, get("/secure/x", "X-Auth-Key", key).statusCode());
        } finally {
            TestAccounts.await(() -> guard.unlockUser(owner.username));
        }
        assertEquals(200, get("/secure/x", "X-Auth-Key", key).statusCode());
    }

    @Test
    void noKeyEverReachesTheLog() {
        User owner = owner();
        String key = key(owner, List.of(), null).text();
        try (LogCapture log = LogCapture.everythingWithDebug()) {
            get("/secure/x", "X-Auth-Key", key);
            get("/secure/x", "Authorization", "AuthKey " + key.substring(0, 40) + "0000000000000x");
            get("/secure/x", "X-Auth-Key", key.substring(0, key.length() - 1) + "0");
            assertTrue(log.text().contains("unknown key") || log.text().contains("not a key"),
                    "the refusals are logged with their reason:\n" + log.text());
            assertFalse(log.text().contains(key.substring(16, 48)), "a key's secret was logged");
        }
    }

    @Test
    void aRevocationOnAnotherReplicaIsHonouredWithinTwoSecondsThroughTheNewsNotTheCacheRunningOut() {
        // No group: joining one is an account change, which would drop the owner's keys from the cache by itself.
        User owner = accounts.create("keys-" + UUID.randomUUID().toString().substring(0, 8), false);
        AuthKeys.Created announced = key(owner, List.of(), null);
        AuthKeys.Created unannounced = key(owner, List.of(), null);
        // Both keys checked once: both are now in this replica's cache.
        assertEquals(200, get("/secure/x", "X-Auth-Key", announced.text()).statusCode());
        assertEquals(200, get("/secure/x", "X-Auth-Key", unannounced.text()).statusCode());
        // Another replica revokes both in the database; it announces only the first.
        accounts.sql("UPDATE auth_keys SET revoked_at = now() WHERE id IN (?1, ?2)", announced.key().id,
                unannounced.key().id);
        TestAccounts.await(() -> redis.send(Command.PUBLISH, "tollgate:authkeys:revoked", announced.key().id));
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/secure/x", "X-Auth-Key", announced.text()).statusCode() == 401);
        assertEquals(200, get("/secure/x", "X-Auth-Key", unannounced.text()).statusCode(),
                "without the news, the cache still holds the key: the news is what revoked the first");
    }
}
