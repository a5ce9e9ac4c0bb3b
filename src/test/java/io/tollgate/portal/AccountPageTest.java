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
        List<String> oldCodes = PortalClient.recoveryCodes(browser.follow(browser.submit("/.tollgate/enroll", "name",
                "phone", "code", app.code())).asString());
        browser.get("/.tollgate/account").then().body(containsString("10 unused recovery codes left."));
        List<String> newCodes = PortalClient.recoveryCodes(browser.follow(browser.submit("/.tollgate/account/recovery-codes")).asString());
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
    void aChangeWithAStaleSecondFactorIsCarriedOutOnceTheCodeIsGiven() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = signedInByATrustedBrowser(browser, "acct-stale");

        String id = credentialId(browser.get("/.tollgate/account").asString());
        Response asked = browser.submit("/.tollgate/account/credentials/rename", "id", id, "name", "Renamed <b>");
        assertEquals(200, asked.statusCode(), "the code is asked on the answer itself");
        assertTrue(asked.asString().contains("action=\"/.tollgate/account/credentials/rename\"")
                && asked.asString().contains("name=\"name\" value=\"Renamed &lt;b&gt;\"")
                && asked.asString().contains("autocomplete=\"one-time-code\""), asked.asString());
        browser.get("/.tollgate/account").then().body(not(containsString("Renamed")));

        // A wrong code: asked again, the typed name still carried.
        browser.submit("/.tollgate/account/credentials/rename", "id", id, "name", "Renamed <b>");
        Response wrong = browser.submit("/.tollgate/account/credentials/rename", "code", "000000".equals(app.code(2)) ? "111111" : "000000");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.asString().contains("name=\"name\" value=\"Renamed &lt;b&gt;\""), wrong.asString());

        Response done = browser.submit("/.tollgate/account/credentials/rename", "code", app.code(2));
        assertEquals("/.tollgate/account?done=renamed", done.header("Location"));
        browser.get("/.tollgate/account").then().body(containsString("value=\"Renamed &lt;b&gt;\""));
        // Now recent: the next change needs no code.
        browser.submit("/.tollgate/account/credentials/rename", "id", id, "name", "Phone").then().statusCode(303);
    }

    @Test
    void aPageThatAsksForTheCodeFirstComesBackAfterIt() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = signedInByATrustedBrowser(browser, "acct-then");

        Response asked = browser.get("/.tollgate/account/keys/new");
        assertEquals("/.tollgate/account/confirm?then=keys", asked.header("Location"));
        browser.get(asked.header("Location")).then().statusCode(200).body(containsString("name=\"then\" value=\"keys\""));
        assertEquals("/.tollgate/account/keys/new", browser.submit("/.tollgate/account/confirm", "code", app.code(2))
                .header("Location"));
        // A "then" of its own making leads nowhere but the account page; none at all, or the language switch, is the
        // plain code form.
        browser.get("/.tollgate/account/confirm?then=https://evil.example/").then()
                .body(not(containsString("evil.example")));
        browser.get("/.tollgate/account/confirm").then().statusCode(200).body(containsString("name=\"code\""));
        browser.get("/.tollgate/account/confirm?lang=fr").then().statusCode(200).body(containsString("Confirmez"));
        assertEquals(401, browser.submit("/.tollgate/account/confirm", "code", "000000".equals(app.code(3)) ? "111111"
                : "000000").statusCode(), "a wrong code on the plain form");
    }

    @Test
    void theCodeFormOfAChangeSentTwiceAtOnceMakesTheChangeOnceAndNeverAsksAgain() throws Exception {
        for (int round = 0; round < 6; round++) {
            PortalClient browser = new PortalClient("alpha.test");
            Authenticator app = signedInByATrustedBrowser(browser, "acct-twice-" + round);
            String id = credentialId(browser.get("/.tollgate/account").asString());
            assertEquals(200, browser.submit("/.tollgate/account/credentials/rename", "id", id, "name", "Twice")
                    .statusCode(), "the code form");
            PortalClient secondClick = browser.secondClick();
            String code = app.code(2);
            for (Response answer : PortalClient.atOnce(
                    () -> browser.submit("/.tollgate/account/credentials/rename", "code", code),
                    () -> secondClick.submit("/.tollgate/account/credentials/rename", "code", code))) {
                assertEquals(303, answer.statusCode(), "no code form asking again: " + answer.asString());
                assertTrue(answer.header("Location").startsWith("/.tollgate/account"), answer.header("Location"));
            }
            browser.get("/.tollgate/account").then().body(containsString("value=\"Twice\""));
        }
    }

    @Test
    void aNewKeysPageAsksAnotherSessionForTheCodeAndComesBackToTheKey() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = signedInByATrustedBrowser(browser, "acct-keyback");
        browser.get("/.tollgate/account");
        String form = io.tollgate.caller.KeysToShow.newFormId();
        assertEquals(200, browser.submit("/.tollgate/account/keys/new", "form", form, "name", "back").statusCode(),
                "the code form");
        Response made = browser.submit("/.tollgate/account/keys/new", "code", app.code(2));
        String shownAt = made.header("Location");
        assertEquals("/.tollgate/account/keys/created/" + form, shownAt);
        String key = browser.get(shownAt).asString();
        assertTrue(key.contains("id=\"new-key\">tgk_"), key);

        // The same person in another browser this device lets in without a code: asked for one, then back to the key.
        PortalClient other = new PortalClient("alpha.test");
        other.setCookie("tollgate_device", browser.cookie("tollgate_device"));
        assertEquals("/.tollgate/", other.signIn("acct-keyback", TestAccounts.PASSWORD).header("Location"), "no code");
        Response asked = other.get(shownAt);
        assertEquals("/.tollgate/account/confirm?then=key-" + form, asked.header("Location"));
        other.get(asked.header("Location")).then().body(containsString("name=\"then\" value=\"key-" + form + "\""));
        Response back = other.submit("/.tollgate/account/confirm", "code", app.code(3));
        assertEquals(shownAt, back.header("Location"));
        assertTrue(other.get(shownAt).asString().contains("id=\"new-key\">tgk_"));
        // A made-up "then" of the same shape leads to the account page.
        other.get("/.tollgate/account/confirm?then=key-..%2F..%2Fadmin").then()
                .body(not(containsString("value=\"key-")));
    }

    @Test
    void theLanguageSwitchOnTheCodeFormOfAChangeKeepsTheChange() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = signedInByATrustedBrowser(browser, "acct-switch");
        String id = credentialId(browser.get("/.tollgate/account").asString());
        Response asked = browser.submit("/.tollgate/account/credentials/rename", "id", id, "name", "Switched");
        assertEquals(200, asked.statusCode(), "the code form");
        Matcher french = Pattern.compile("href=\"(/.tollgate/account/confirm/pending/[A-Za-z0-9_-]{22})\\?lang=fr\"")
                .matcher(asked.asString());
        assertTrue(french.find(), "the language switch names the change: " + asked.asString());
        Response inFrench = browser.get(french.group(1) + "?lang=fr");
        assertEquals(200, inFrench.statusCode());
        inFrench.then().body(containsString("Confirmez"))
                .body(containsString("action=\"/.tollgate/account/credentials/rename\""))
                .body(containsString("name=\"name\" value=\"Switched\""));
        assertEquals(303, browser.submit("/.tollgate/account/credentials/rename", "code", app.code(2)).statusCode());
        browser.get("/.tollgate/account?lang=en").then().body(containsString("value=\"Switched\""));

        // Another user's session cannot see it: the code form on its own.
        PortalClient other = new PortalClient("alpha.test");
        signedInByATrustedBrowser(other, "acct-switch-other");
        Response elsewhere = other.get(french.group(1));
        assertEquals(200, elsewhere.statusCode());
        elsewhere.then().body(not(containsString("Switched"))).body(containsString("action=\"/.tollgate/account/confirm\""));
    }

    @Test
    void aNewKeysCodeFormSentTwiceAtOnceMakesOneKeyAndBothClicksShowIt() throws Exception {
        for (int round = 0; round < 4; round++) {
            PortalClient browser = new PortalClient("alpha.test");
            Authenticator app = signedInByATrustedBrowser(browser, "acct-keytwice-" + round);
            browser.get("/.tollgate/account");
            // The new-key form sent when the code is no longer recent: the code form carries it.
            Response asked = browser.submit("/.tollgate/account/keys/new", "form", "AAAAAAAAAAAAAAAAAAAA" + round + "w",
                    "name", "twice-" + round);
            assertEquals(200, asked.statusCode(), asked.asString());
            PortalClient secondClick = browser.secondClick();
            String code = app.code(2);
            List<Response> both = PortalClient.atOnce(
                    () -> browser.submit("/.tollgate/account/keys/new", "code", code),
                    () -> secondClick.submit("/.tollgate/account/keys/new", "code", code));
            for (Response answer : both) {
                assertEquals(303, answer.statusCode(), "no code form asking again: " + answer.asString());
                assertTrue(answer.header("Location").endsWith("/account/keys/created/AAAAAAAAAAAAAAAAAAAA" + round + "w"),
                        answer.header("Location"));
            }
            assertTrue(browser.get(both.get(1).header("Location")).asString().contains("id=\"new-key\">tgk_"));
            String account = browser.get("/.tollgate/account").asString();
            assertEquals(account.indexOf(">twice-" + round + " <code>"), account.lastIndexOf(">twice-" + round + " <code>"),
                    "one key made");
            assertTrue(account.contains(">twice-" + round + " <code>"), account);
        }
    }

    @Test
    void aCodeAlreadyUsedElsewhereIsRefusedOnTheCodeFormOfAChange() {
        PortalClient browser = new PortalClient("alpha.test");
        Authenticator app = signedInByATrustedBrowser(browser, "acct-used");
        String code = app.code(2);
        PortalClient other = new PortalClient("alpha.test");
        other.signIn("acct-used", TestAccounts.PASSWORD);
        other.code(code);
        String id = credentialId(browser.get("/.tollgate/account").asString());
        browser.submit("/.tollgate/account/credentials/rename", "id", id, "name", "Never");
        Response refused = browser.submit("/.tollgate/account/credentials/rename", "code", code);
        assertEquals(401, refused.statusCode());
        assertTrue(refused.asString().contains("This code was already used."), refused.asString());
        browser.get("/.tollgate/account").then().body(not(containsString("value=\"Never\"")));
    }

    @Test
    void newRecoveryCodesStayOnTheirPageThroughReloadsAndTheLanguageSwitchUntilSaved() {
        PortalClient browser = new PortalClient("alpha.test");
        enrolled(browser, "acct-prg", "acct-required");
        browser.get("/.tollgate/account");
        Response made = browser.submit("/.tollgate/account/recovery-codes");
        assertEquals(303, made.statusCode(), "a redirect: a reload does not make another set");
        assertEquals("/.tollgate/recovery-codes?rd=%2F.tollgate%2Faccount", made.header("Location"));
        List<String> shown = PortalClient.recoveryCodes(browser.follow(made).asString());
        assertEquals(10, shown.size());
        assertEquals(shown, PortalClient.recoveryCodes(browser.get(made.header("Location")).asString()), "reloaded");
        Response french = browser.get("/.tollgate/recovery-codes?lang=fr&rd=%2F.tollgate%2Faccount");
        assertTrue(french.asString().contains("Vos codes de secours"), french.asString());
        assertEquals(shown, PortalClient.recoveryCodes(french.asString()), "the same set in French");

        Response saved = browser.submit("/.tollgate/recovery-codes/saved");
        assertEquals("/.tollgate/account", saved.header("Location"));
        Response after = browser.get(made.header("Location"));
        assertEquals(303, after.statusCode(), "written down: not shown again");
        assertEquals("/.tollgate/account", after.header("Location"));
    }

    @Test
    void theWarningThatFewCodesAreLeftIsAPageOfItsOwn() {
        PortalClient browser = new PortalClient("alpha.test");
        accounts.create("acct-few", false, "acct-required");
        browser.signIn("acct-few", TestAccounts.PASSWORD);
        Authenticator app = Authenticator.scan(browser.get("/.tollgate/enroll").asString());
        List<String> codes = PortalClient.recoveryCodes(browser.follow(browser.submit("/.tollgate/enroll", "name",
                "phone", "code", app.code())).asString());
        for (int used = 0; used < 8; used++) {
            browser.logout();
            browser.signIn("acct-few", TestAccounts.PASSWORD);
            browser.get("/.tollgate/recovery");
            Response in = browser.submit("/.tollgate/recovery", "code", codes.get(used));
            assertEquals(303, in.statusCode(), in.asString());
            if (used < 7) {
                assertEquals("/.tollgate/", in.header("Location"), "enough left: no warning");
            } else {
                assertEquals("/.tollgate/codes-left", in.header("Location"));
                Response warning = browser.get(in.header("Location"));
                assertTrue(warning.asString().contains("Only 2 recovery codes left"), warning.asString());
                assertEquals(warning.asString(), browser.get(in.header("Location")).asString(), "reloaded");
            }
        }
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

    /** A user with an authenticator, signed in again by a trusted browser: no recent code. */
    private Authenticator signedInByATrustedBrowser(PortalClient browser, String username) {
        Authenticator app = enrolled(browser, username, "acct-required");
        browser.logout();
        browser.signIn(username, TestAccounts.PASSWORD);
        browser.code(app.code(1), "trust", "on", "deviceName", "Desk");
        dropSession(browser);
        assertEquals("/.tollgate/", browser.signIn(username, TestAccounts.PASSWORD).header("Location"), "no code");
        return app;
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
