package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/** Trusted browsers and the account security page, through the real gateway. */
@QuarkusTest
class AccountPageTest {

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    @Inject
    TestAccounts accounts;

    @BeforeEach
    void setUp() {
        accounts.policy(Set.of("acct-required"), Set.of(), false, 7, Duration.ZERO, true);
        accounts.unlock();
    }

    /** A user with an authenticator, signed in with both factors. */
    private Authenticator enrolled(PortalClient browser, String username, String... groupNames) {
        accounts.create(username, false, groupNames);
        accounts.unlock(username);
        browser.signIn(username, TestAccounts.PASSWORD);
        return browser.enroll();
    }

    @Test
    void aTrustedBrowserSkipsTheCodeUntilItsTrustIsRevoked() {
        PortalClient browser = new PortalClient("alpha.test").header("User-Agent", FIREFOX);
        Authenticator app = enrolled(browser, "acct-trust", "acct-required");
        browser.logout();

        browser.signIn("acct-trust", TestAccounts.PASSWORD);
        browser.get("/.tollgate/totp").then().body(containsString("Trust this device"))
                .body(containsString("value=\"Firefox on Linux\""));
        Response trusted = browser.code(app.code(1), "trust", "on", "deviceName", "Work laptop");
        assertEquals(303, trusted.statusCode());
        String token = browser.cookie("tollgate_device");
        assertNotNull(token);
        assertTrue(trusted.header("Set-Cookie") != null);

        // Next time: the password alone, the browser is trusted.
        dropSession(browser);
        assertEquals("/.tollgate/", browser.signIn("acct-trust", TestAccounts.PASSWORD).header("Location"));
        browser.get("/secure/x").then().statusCode(200);
        browser.get("/.tollgate/account").then().statusCode(200).body(containsString("Work laptop"))
                .body(containsString("this browser"));

        // Revoked from another session: the code is asked again.
        PortalClient other = new PortalClient("alpha.test");
        other.signIn("acct-trust", TestAccounts.PASSWORD);
        other.code(app.code(2));
        Matcher id = Pattern.compile("name=\"id\" value=\"(\\d+)\"").matcher(other.get("/.tollgate/account").asString());
        assertTrue(id.find());
        other.submit("/.tollgate/account/devices/revoke", "id", id.group(1)).then().statusCode(303);
        dropSession(browser);
        assertTrue(browser.signIn("acct-trust", TestAccounts.PASSWORD).header("Location").startsWith("/.tollgate/totp"));
    }

    @Test
    void signingOutAfterTheSessionEndedStillEndsTheTrust() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = enrolled(browser, "acct-late-logout", "acct-required");
        browser.logout();
        browser.signIn("acct-late-logout", TestAccounts.PASSWORD);
        browser.code(app.code(1), "trust", "on", "deviceName", "Shared PC");
        String token = browser.cookie("tollgate_device");
        dropSession(browser); // the session timed out; the person still clicks "Sign out"
        browser.get("/.tollgate/logout");
        browser.submit("/.tollgate/logout").then().statusCode(200).body(containsString("no longer trusted"));
        PortalClient next = new PortalClient("alpha.test");
        next.setCookie("tollgate_device", token);
        assertTrue(next.signIn("acct-late-logout", TestAccounts.PASSWORD).header("Location").startsWith("/.tollgate/totp"));
    }

    @Test
    void aUserDisabledAfterThePasswordCannotFinishSigningIn() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = enrolled(browser, "acct-disabled", "acct-required");
        browser.logout();
        browser.signIn("acct-disabled", TestAccounts.PASSWORD);
        browser.get("/.tollgate/totp");
        accounts.execute("update User set disabled = true where username = ?1", "acct-disabled");
        // Whether the code step or the account-change watch notices first, the user is out.
        Response refused = browser.submit("/.tollgate/totp", "code", app.code(1));
        assertEquals("/.tollgate/login", refused.header("Location"));
        assertEquals(302, browser.get("/secure/x").statusCode());
    }

    @Test
    void anExpiredTrustAsksForTheCodeAgain() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = enrolled(browser, "acct-expiry", "acct-required");
        browser.logout();
        browser.signIn("acct-expiry", TestAccounts.PASSWORD);
        browser.code(app.code(1), "trust", "on", "deviceName", "Phone");
        accounts.execute("update TrustedDevice set expiresAt = ?1 where name = ?2", TestAccounts.daysAgo(1), "Phone");
        dropSession(browser);
        assertTrue(browser.signIn("acct-expiry", TestAccounts.PASSWORD).header("Location").startsWith("/.tollgate/totp"));
    }

    @Test
    void signingOutOfATrustedBrowserEndsItsTrust() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = enrolled(browser, "acct-logout", "acct-required");
        browser.logout();
        browser.signIn("acct-logout", TestAccounts.PASSWORD);
        browser.code(app.code(1), "trust", "on", "deviceName", "Kiosk");
        String token = browser.cookie("tollgate_device");
        browser.get("/.tollgate/logout");
        Response out = browser.submit("/.tollgate/logout");
        out.then().body(containsString("no longer trusted"));
        assertNull(browser.cookie("tollgate_device"), "the cookie is cleared");
        browser.setCookie("tollgate_device", token);
        assertTrue(browser.signIn("acct-logout", TestAccounts.PASSWORD).header("Location").startsWith("/.tollgate/totp"),
                "the old token opens nothing");
    }

    @Test
    void anotherUsersOrATamperedDeviceCookieIsIgnored() {
        PortalClient a = new PortalClient("alpha.test");
        Authenticator appA = enrolled(a, "acct-a", "acct-required");
        a.logout();
        a.signIn("acct-a", TestAccounts.PASSWORD);
        a.code(appA.code(1), "trust", "on", "deviceName", "A's laptop");
        String tokenOfA = a.cookie("tollgate_device");

        PortalClient b = new PortalClient("alpha.test");
        enrolled(b, "acct-b", "acct-required");
        b.logout();
        b.setCookie("tollgate_device", tokenOfA);
        assertTrue(b.signIn("acct-b", TestAccounts.PASSWORD).header("Location").startsWith("/.tollgate/totp"),
                "A's trust does not open B's account");
        b.setCookie("tollgate_device", tokenOfA.substring(0, 42) + (tokenOfA.endsWith("A") ? "B" : "A"));
        dropSession(b);
        Response tampered = b.signIn("acct-b", TestAccounts.PASSWORD);
        assertEquals(303, tampered.statusCode());
        assertTrue(tampered.header("Location").startsWith("/.tollgate/totp"));
        b.setCookie("tollgate_device", "<not a token at all>");
        dropSession(b);
        assertEquals(303, b.signIn("acct-b", TestAccounts.PASSWORD).statusCode());
    }

    @Test
    void theLastAuthenticatorStaysWhenRequiredAndGoesWhenOptional() {
        PortalClient required = new PortalClient("alpha.test");
        enrolled(required, "acct-required-user", "acct-required");
        String page = required.get("/.tollgate/account").asString();
        required.submit("/.tollgate/account/credentials/delete", "id", credentialId(page));
        required.follow(required.last()).then().statusCode(200)
                .body(containsString("two-step verification is required for your account"));
        assertTrue(credentialId(required.get("/.tollgate/account").asString()) != null);

        PortalClient optional = new PortalClient("alpha.test");
        enrolled(optional, "acct-optional-user");
        page = optional.get("/.tollgate/account").asString();
        optional.submit("/.tollgate/account/credentials/delete", "id", credentialId(page));
        optional.follow(optional.last()).then().statusCode(200).body(containsString("Done."))
                .body(containsString("two-step verification is off"));
        optional.logout();
        assertEquals("/.tollgate/", optional.signIn("acct-optional-user", TestAccounts.PASSWORD).header("Location"),
                "no code asked any more");
    }

    @Test
    void regeneratedRecoveryCodesReplaceTheOldOnes() {
        PortalClient browser = new PortalClient("alpha.test");
        accounts.create("acct-codes", false, "acct-required");
        browser.signIn("acct-codes", TestAccounts.PASSWORD);
        Response enrollPage = browser.get("/.tollgate/enroll");
        Authenticator app = Authenticator.scan(enrollPage.asString());
        List<String> oldCodes = PortalClient.recoveryCodes(browser.submit("/.tollgate/enroll", "name", "phone", "code", app.code()).asString());
        browser.get("/.tollgate/account").then().body(containsString("10 unused recovery codes left."));
        List<String> newCodes = PortalClient.recoveryCodes(browser.submit("/.tollgate/account/recovery-codes").asString());
        assertEquals(10, newCodes.size());
        assertTrue(newCodes.stream().noneMatch(oldCodes::contains));

        browser.logout();
        browser.signIn("acct-codes", TestAccounts.PASSWORD);
        browser.get("/.tollgate/recovery");
        assertEquals(401, browser.submit("/.tollgate/recovery", "code", oldCodes.get(0)).statusCode(), "old set dead");
        browser.get("/.tollgate/recovery");
        assertEquals(303, browser.submit("/.tollgate/recovery", "code", newCodes.get(0)).statusCode());
    }

    @Test
    void aChangeWithAStaleSecondFactorAsksForTheCodeFirst() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = enrolled(browser, "acct-stale", "acct-required");
        browser.logout();
        browser.signIn("acct-stale", TestAccounts.PASSWORD);
        browser.code(app.code(1), "trust", "on", "deviceName", "Desk");
        dropSession(browser);
        browser.signIn("acct-stale", TestAccounts.PASSWORD); // the trusted browser: no code this time

        String page = browser.get("/.tollgate/account").asString();
        String id = credentialId(page);
        Response asked = browser.submit("/.tollgate/account/credentials/rename", "id", id, "name", "Renamed");
        assertEquals("/.tollgate/account/confirm", asked.header("Location"));
        browser.get("/.tollgate/account").then().body(not(containsString("value=\"Renamed\"")));

        browser.get("/.tollgate/account/confirm").then().statusCode(200).body(containsString("autocomplete=\"one-time-code\""));
        Response confirmed = browser.submit("/.tollgate/account/confirm", "code", app.code(2));
        assertEquals("/.tollgate/account?done=confirmed", confirmed.header("Location"));
        browser.get("/.tollgate/account");
        browser.submit("/.tollgate/account/credentials/rename", "id", id, "name", "Renamed").then().statusCode(303);
        browser.get("/.tollgate/account").then().body(containsString("value=\"Renamed\""));
    }

    @Test
    void namesWithMarkupAreShownEscaped() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = enrolled(browser, "acct-xss", "acct-required");
        String id = credentialId(browser.get("/.tollgate/account").asString());
        browser.submit("/.tollgate/account/credentials/rename", "id", id, "name", "<script>alert('c')</script>");
        browser.logout();
        browser.signIn("acct-xss", TestAccounts.PASSWORD);
        browser.code(app.code(1), "trust", "on", "deviceName", "<img src=x onerror=alert(1)>");
        String page = browser.get("/.tollgate/account").asString();
        assertTrue(!page.contains("<script>alert(") && page.contains("&lt;script&gt;alert(&#39;c&#39;)&lt;/script&gt;"),
                page);
        assertTrue(!page.contains("<img src=x") && page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    @Test
    void otherSessionsAreListedAndCanBeSignedOut() {
        PortalClient laptop = new PortalClient("alpha.test").header("User-Agent", FIREFOX);
        Authenticator app = enrolled(laptop, "acct-sessions", "acct-required");
        PortalClient phone = new PortalClient("alpha.test");
        phone.signIn("acct-sessions", TestAccounts.PASSWORD);
        phone.code(app.code(1));
        phone.get("/secure/x").then().statusCode(200);

        String page = laptop.get("/.tollgate/account").asString();
        assertTrue(page.contains("Firefox on Linux"), page);
        Matcher handle = Pattern.compile("name=\"handle\" value=\"([0-9a-f]{64})\"").matcher(page);
        assertTrue(handle.find(), "the other session can be signed out");
        String phoneSession = handle.group(1);
        assertTrue(!handle.find(), "the current one cannot (it has the sign-out link)");
        laptop.submit("/.tollgate/account/sessions/end", "handle", phoneSession).then().statusCode(303);
        assertEquals(302, phone.get("/secure/x").statusCode(), "the phone is signed out");
        laptop.get("/secure/x").then().statusCode(200);
    }

    @Test
    void allOtherSessionsAreSignedOutAtOnceAndThisOneStays() {
        PortalClient laptop = new PortalClient("alpha.test").header("User-Agent", FIREFOX);
        Authenticator app = enrolled(laptop, "acct-others", "acct-required");
        assertFalse(laptop.get("/.tollgate/account").asString().contains("/account/sessions/end-others"),
                "one session: nothing else to sign out");
        List<PortalClient> others = new java.util.ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            PortalClient other = new PortalClient("alpha.test");
            other.signIn("acct-others", TestAccounts.PASSWORD);
            other.code(app.code(i));
            other.get("/secure/x").then().statusCode(200);
            others.add(other);
        }
        String page = laptop.get("/.tollgate/account").asString();
        assertTrue(page.contains("/account/sessions/end-others") && page.contains("Sign out all other sessions"), page);
        laptop.submit("/.tollgate/account/sessions/end-others").then().statusCode(303);
        for (PortalClient other : others) {
            assertEquals(302, other.get("/secure/x").statusCode(), "the other sessions are signed out");
        }
        laptop.get("/secure/x").then().statusCode(200);
        assertFalse(laptop.get("/.tollgate/account").asString().contains("/account/sessions/end-others"));
    }

    @Test
    void aCodeRefusedAsAlreadyUsedIsToldOnTheAccountPage() {
        PortalClient laptop = new PortalClient("alpha.test");
        Authenticator app = enrolled(laptop, "acct-replayed", "acct-required");
        assertFalse(laptop.get("/.tollgate/account").asString().contains("id=\"replays\""), "nothing to tell yet");
        laptop.logout();
        laptop.signIn("acct-replayed", TestAccounts.PASSWORD);
        String code = app.code(1);
        laptop.code(code);
        laptop.get("/secure/x").then().statusCode(200);
        // Someone who knows the password types the same code, seen over the user's shoulder.
        PortalClient other = new PortalClient("alpha.test");
        other.signIn("acct-replayed", TestAccounts.PASSWORD);
        assertTrue(other.code(code).asString().contains("This code was already used."));

        String page = laptop.get("/.tollgate/account").asString();
        assertTrue(page.contains("id=\"replays\"") && page.contains("refused because they had already been used")
                && page.contains(" from 127.0.0.1"), page);
        laptop.header("Accept-Language", "fr");
        assertTrue(laptop.get("/.tollgate/account").asString().contains("déjà été utilisés"));
    }

    @Test
    void theAccountPageSpeaksFrench() {
        PortalClient browser = new PortalClient("alpha.test").header("Accept-Language", "fr");
        enrolled(browser, "acct-fr", "acct-required");
        browser.get("/.tollgate/account").then().body(containsString("Sécurité du compte"))
                .body(containsString("Sessions ouvertes")).body(containsString("<html lang=\"fr\">"));
    }

    /** Forgets the session only, as a closed browser does (the device cookie stays). */
    private static void dropSession(PortalClient browser) {
        browser.setCookie("tollgate_session", "");
    }

    private static String credentialId(String accountPage) {
        Matcher m = Pattern.compile("action=\"/.tollgate/account/credentials/delete\">\\s*<input type=\"hidden\" name=\"csrf\" value=\"[^\"]*\">\\s*<input type=\"hidden\" name=\"id\" value=\"([0-9a-f-]{36})\"")
                .matcher(accountPage);
        return m.find() ? m.group(1) : null;
    }
}
