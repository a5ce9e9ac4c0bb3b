package io.tollgate.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.credential.SecretImport;
import io.tollgate.credential.SecretImporter;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;
import io.tollgate.totp.Base32;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;

/**
 * A policy change reaches sessions already open: a user who signed in with the password alone
 * and has become required is asked for a code, or to enroll, at their next request; a user the
 * change leaves as they were passes through the portal once and goes on.
 */
@QuarkusTest
class OpenSessionsFollowPolicyTest {

    static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @Inject
    TestAccounts accounts;

    @Inject
    SecretImporter importer;

    @BeforeEach
    void policy() {
        accounts.unlock();
        accounts.policy(Set.of("recheck-required"), Set.of("recheck-exempt"), false, 7, Duration.ZERO, true);
    }

    @AfterEach
    void back() {
        accounts.policy(Set.of(), Set.of(), false, 7, Duration.ZERO, true);
        // Another test re-encrypts the whole table with a key ring of its own, which cannot read these.
        accounts.sql("DELETE FROM totp_credentials WHERE user_id IN (SELECT id FROM users WHERE username LIKE 'recheck-%')");
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Signs in with the password alone and reaches the application. */
    static PortalClient signedInWithPasswordAlone(String username) {
        PortalClient browser = new PortalClient("alpha.test");
        Response password = browser.signIn(username, TestAccounts.PASSWORD);
        assertEquals(303, password.statusCode(), password.asString());
        assertEquals(200, browser.get("/secure/x").statusCode(), "the password is the whole sign-in");
        return browser;
    }

    /** The Locations a request goes through, until a page. */
    static List<String> hops(PortalClient browser, String path) {
        List<String> locations = new ArrayList<>();
        Response current = browser.get(path);
        for (int i = 0; i < 10 && (current.statusCode() == 302 || current.statusCode() == 303); i++) {
            locations.add(current.header("Location"));
            current = browser.get(current.header("Location"));
        }
        locations.add(String.valueOf(current.statusCode()));
        return locations;
    }

    @Test
    void aUserWhoBecomesRequiredIsAskedToEnrollAtTheirNextRequestNotTheirNextSignIn() {
        String username = "recheck-" + suffix();
        accounts.create(username, false, "recheck-later");
        PortalClient browser = signedInWithPasswordAlone(username);

        accounts.policy(Set.of("recheck-required", "recheck-later"), Set.of("recheck-exempt"), false, 7, Duration.ZERO, true);
        List<String> hops = hops(browser, "/secure/x");
        assertTrue(hops.get(hops.size() - 2).contains("/setup"), "offered enrollment (grace period): " + hops);
        assertEquals(302, browser.get("/secure/x").statusCode(), "nothing opens until the step is done or skipped");
    }

    @Test
    void aUserNoLongerExemptWithAnAuthenticatorIsAskedForACodeAtTheirNextRequest() {
        String username = "recheck-" + suffix();
        accounts.create(username, false, "recheck-exempt");
        SecretImporter.Report report = TestAccounts.await(() -> importer.importAll(SecretImport.read(
                SecretImport.Format.OTPAUTH, "otpauth://totp/Old:" + username + "?secret=" + SECRET + "\n", null), false));
        assertEquals(1, report.imported());
        PortalClient browser = signedInWithPasswordAlone(username);

        accounts.policy(Set.of("recheck-required"), Set.of(), false, 7, Duration.ZERO, true);
        List<String> hops = hops(browser, "/secure/x");
        assertTrue(hops.get(hops.size() - 2).contains("/totp"), "asked for a code: " + hops);
        String code = new Totp(HashAlgorithm.SHA1, Base32.decode(SECRET), 6, 30).codeAt(Instant.now().getEpochSecond());
        Response accepted = browser.code(code);
        assertTrue(accepted.statusCode() == 303 || accepted.statusCode() == 200, accepted.asString());
        assertEquals(200, browser.get("/secure/x").statusCode());
    }

    @Test
    void aChangeThatLeavesTheUserAsTheyWereKeepsTheSessionAfterOneLook() {
        String username = "recheck-" + suffix();
        accounts.create(username, false, "recheck-other");
        PortalClient browser = signedInWithPasswordAlone(username);

        accounts.policy(Set.of("recheck-required", "someone-else"), Set.of("recheck-exempt"), false, 7, Duration.ZERO, true);
        List<String> hops = hops(browser, "/secure/x");
        assertEquals("200", hops.get(hops.size() - 1), hops.toString());
        assertTrue(hops.size() > 1, "one look through the portal: " + hops);
        assertEquals(200, browser.get("/secure/x").statusCode(), "and no more");
    }
}
