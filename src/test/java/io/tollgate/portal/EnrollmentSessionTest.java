package io.tollgate.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.account.User;
import io.tollgate.credential.TotpCredentialRepository;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/**
 * An unfinished enrollment belongs to the session that started it: someone else who has the
 * password opens another session, which never sees that secret, cannot confirm it, and is
 * asked for a code once the real user has confirmed theirs.
 */
@QuarkusTest
class EnrollmentSessionTest {

    @Inject
    TestAccounts accounts;

    @Inject
    TotpCredentialRepository credentials;

    @BeforeEach
    void setUp() {
        accounts.policy(Set.of("es-required"), Set.of(), false, 0, Duration.ZERO, true);
        accounts.unlock();
    }

    @Test
    void anotherSessionWithThePasswordNeitherSeesNorConfirmsTheEnrollment() {
        User user = accounts.create("es-user", false, "es-required");
        PortalClient owner = new PortalClient("alpha.test");
        assertTrue(owner.signIn("es-user", TestAccounts.PASSWORD).header("Location").startsWith("/.tollgate/enroll"));
        Response ownerPage = owner.get("/.tollgate/enroll");
        Authenticator ownerApp = Authenticator.scan(ownerPage.asString());
        String ownerEnrollment = owner.hiddenFields().get("enrollment");

        PortalClient intruder = new PortalClient("alpha.test");
        intruder.signIn("es-user", TestAccounts.PASSWORD);
        Response intruderPage = intruder.get("/.tollgate/enroll");
        assertEquals(200, intruderPage.statusCode());
        Authenticator intruderApp = Authenticator.scan(intruderPage.asString());
        assertNotEquals(ownerApp.key().secret(), intruderApp.key().secret(), "a secret of its own");
        assertFalse(intruderPage.asString().contains(grouped(ownerApp.key().secret())), "never the owner's secret");
        assertNotEquals(ownerEnrollment, intruder.hiddenFields().get("enrollment"));

        // The owner's enrollment id and a current code from it: not this session's to confirm.
        Response stolen = intruder.submit("/.tollgate/enroll", "enrollment", ownerEnrollment, "name", "mine",
                "code", ownerApp.code());
        assertEquals(400, stolen.statusCode());
        assertEquals(0L, verified(user));

        // The owner confirms: theirs is verified, every other unfinished one of the user is gone.
        Response confirmed = owner.submit("/.tollgate/enroll", "name", "phone", "code", ownerApp.code(1));
        assertEquals(303, confirmed.statusCode(), confirmed.asString());
        assertEquals(1L, verified(user));
        assertEquals(0L, TestAccounts.await(() -> Panache.withSession(() -> credentials.count(
                "userId = ?1 and verified = false", user.id))), "the other session's enrollment is gone");

        // The other session now owes a code, like any sign-in of a user who has an authenticator.
        Response next = intruder.get("/.tollgate/enroll");
        assertEquals(303, next.statusCode());
        assertTrue(next.header("Location").startsWith("/.tollgate/totp"), next.header("Location"));
        assertEquals(302, intruder.get("/secure/x").statusCode());
        intruder.get("/.tollgate/totp");
        Response posted = intruder.submit("/.tollgate/enroll", "enrollment", ownerEnrollment, "name", "mine",
                "code", intruderApp.code());
        assertEquals(303, posted.statusCode());
        assertTrue(posted.header("Location").startsWith("/.tollgate/totp"), posted.header("Location"));
        assertEquals(1L, verified(user));
    }

    private long verified(User user) {
        return TestAccounts.await(() -> Panache.withSession(() -> credentials.count("userId = ?1 and verified = true",
                user.id)));
    }

    private static String grouped(String secret) {
        return secret.replaceAll("(.{4})(?!$)", "$1 ");
    }
}
