package io.tollgate.devstack;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.account.GroupRepository;
import io.tollgate.account.PasswordHasher;
import io.tollgate.account.UserRepository;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/**
 * The README's 5-minute tour, step by step, as far as a test can live it: the dev stack's demo
 * accounts and policy, its demo application (host {@code readme.test} here, every host in dev
 * mode) and its {@code /private} route closed with {@code deny}. A sentence of the README that
 * stops being true makes this test fail.
 */
@QuarkusTest
class ReadmeTourTest {

    private static final String HOST = "readme.test";

    @Inject
    UserRepository users;

    @Inject
    GroupRepository groups;

    @Inject
    PasswordHasher hasher;

    @Inject
    TestAccounts accounts;

    @BeforeEach
    void devPolicyAndDemoAccounts() {
        // application.properties, %dev: required-groups=staff, exempt-groups=kiosk; administrators must use TOTP; 7 days.
        accounts.policy(Set.of("staff"), Set.of("kiosk"), true, 7, Duration.ZERO, true);
        TestAccounts.await(() -> new DemoAccounts(users, groups, hasher).ensureAll());
        accounts.unlock("alice", "bob", "carol", "dave");
    }

    @AfterEach
    void defaultPolicy() {
        accounts.policy(Set.of(), Set.of(), false, 7, Duration.ZERO, true);
        accounts.unlock(); // the refused keys counted against the loopback
    }

    @Test
    void theTourOfTheReadmeIsTrue() {
        // 2. The demo application needs two-step sign-in: the login page first.
        PortalClient browser = new PortalClient(HOST);
        Response first = browser.get("/");
        assertEquals(302, first.statusCode());
        assertTrue(first.header("Location").contains("/.tollgate/login"), first.header("Location"));
        // alice, an administrator without an authenticator, is offered one and may skip for 7 days.
        Response password = browser.follow(first);
        password = browser.submit("/.tollgate/login", "username", "alice", "password", "alice-demo-pass");
        assertTrue(password.header("Location").contains("/.tollgate/setup"), password.header("Location"));
        String setup = browser.follow(password).asString();
        assertTrue(setup.contains("Set up now") && setup.contains("skip it for 7 more days"), setup);
        // Set up now, scan, name, code; ten recovery codes; I have saved them: back on the page asked for.
        Response enrollPage = browser.get(link(setup, "Set up now"));
        Authenticator phone = Authenticator.scan(enrollPage.asString());
        Response codesPage = browser.follow(browser.submit("/.tollgate/enroll", "name", "My phone", "code", phone.code()));
        assertEquals(10, PortalClient.recoveryCodes(codesPage.asString()).size());
        Response back = browser.submit("/.tollgate/recovery-codes/saved");
        assertEquals("http://" + HOST + "/", back.header("Location"));
        Map<String, String> seen = headersSeen(browser.get("/"));
        assertEquals("alice", seen.get("Remote-User"));
        assertEquals("Alice Admin", seen.get("Remote-Name"));
        assertFalse(seen.containsKey("Remote-Groups"), "alice has no group");

        // 3. Sign out, sign in again: the code is asked; trusted, the next sign-in after the session ends by itself is
        // the password alone; signing out on purpose ends that trust.
        browser.logout();
        assertTrue(signIn(browser, "alice").header("Location").contains("/.tollgate/totp"));
        assertEquals(303, browser.code(phone.code(1), "trust", "on", "deviceName", "Laptop").statusCode());
        browser.setCookie("tollgate_session", "");
        assertEquals("/.tollgate/", signIn(browser, "alice").header("Location"), "trusted: no code, on to the portal home");
        browser.logout();
        assertTrue(signIn(browser, "alice").header("Location").contains("/.tollgate/totp"), "signed out: trust ended");
        browser.code(phone.code(2));
        assertEquals(200, browser.get("/.tollgate/account").statusCode());

        // bob, in group staff, may skip for now (his grace period starts) and the application sees his groups.
        PortalClient bob = new PortalClient(HOST);
        assertTrue(signIn(bob, "bob").header("Location").contains("/.tollgate/setup"));
        bob.get("/.tollgate/setup");
        bob.submit("/.tollgate/setup/skip");
        assertEquals("staff", headersSeen(bob.get("/")).get("Remote-Groups"));
        // carol (exempt) and dave (optional, not enrolled): the password alone.
        for (String name : new String[] { "carol", "dave" }) {
            PortalClient other = new PortalClient(HOST);
            assertEquals("/.tollgate/", signIn(other, name).header("Location"), name + ": no code");
            assertEquals(name, headersSeen(other.get("/")).get("Remote-User"));
        }
        // An identity header from the client never reaches the application: the login redirect.
        Response forged = given().redirects().follow(false).header("Host", HOST).header("Remote-User", "admin")
                .get("/whoami");
        assertEquals(302, forged.statusCode());
        // /private is closed: the 403 page, JSON on asking, French on asking.
        Response denied = given().header("Host", HOST).get("/private/x");
        assertEquals(403, denied.statusCode());
        assertTrue(denied.asString().contains("Access denied"), denied.asString());
        assertTrue(given().header("Host", HOST).header("Accept", "application/json").get("/private/x")
                .contentType().startsWith("application/json"));
        assertTrue(given().header("Host", HOST).header("Accept-Language", "fr").get("/private/x").asString()
                .contains("Accès refusé"));

        // 4. A key for a script: reaches the application as alice without a code; revoked, 401.
        browser.get("/.tollgate/account/keys/new");
        Response created = browser.follow(browser.submit("/.tollgate/account/keys/new", "name", "script", "validity", "30"));
        Matcher key = Pattern.compile("(tgk_[0-9A-Za-z]{50})").matcher(created.asString());
        assertTrue(key.find(), created.asString());
        Response withKey = given().redirects().follow(false).header("Host", HOST).header("X-Auth-Key", key.group(1))
                .get("/whoami");
        Map<String, String> asScript = headersSeen(withKey);
        assertEquals("alice", asScript.get("Remote-User"));
        assertEquals("authkey", asScript.get("Remote-Auth-Method"));
        // 5. (before the revocation) The admin API with alice's key: bob is in his grace period.
        Response grace = given().header("Host", HOST).header("X-Auth-Key", key.group(1))
                .get("/.tollgate/api/admin/v1/users?state=grace");
        assertEquals(200, grace.statusCode(), grace.asString());
        assertTrue(grace.asString().contains("\"bob\""), grace.asString());
        Response csv = given().header("Host", HOST).header("X-Auth-Key", key.group(1))
                .get("/.tollgate/api/admin/v1/reports/enrollment/csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.asString().contains("alice"));

        Matcher id = Pattern.compile("action=\"/.tollgate/account/keys/revoke\">\\s*<input type=\"hidden\" name=\"csrf\" "
                + "value=\"[^\"]*\">\\s*<input type=\"hidden\" name=\"id\" value=\"([^\"]+)\"")
                .matcher(browser.get("/.tollgate/account").asString());
        assertTrue(id.find());
        browser.submit("/.tollgate/account/keys/revoke", "id", id.group(1)).then().statusCode(303);
        assertEquals(401, given().redirects().follow(false).header("Host", HOST).header("X-Auth-Key", key.group(1))
                .get("/whoami").statusCode());

        // Act as bob: the application sees bob, with alice as the impersonator, until Stop.
        browser.get("/.tollgate/act-as");
        browser.submit("/.tollgate/act-as", "username", "bob").then().statusCode(303);
        Map<String, String> acting = headersSeen(browser.get("/"));
        assertEquals("bob", acting.get("Remote-User"));
        assertEquals("alice", acting.get("Remote-Impersonator"));
        browser.get("/.tollgate/");
        browser.submit("/.tollgate/act-as/stop").then().statusCode(303);
        assertEquals("alice", headersSeen(browser.get("/")).get("Remote-User"));

        // 5. The console: the dashboard, users, the policy form, the audit log.
        for (String page : new String[] { "", "/users", "/groups", "/policy", "/audit" }) {
            assertEquals(200, browser.get("/.tollgate/admin" + page).statusCode(), page);
        }
    }

    private static Response signIn(PortalClient browser, String name) {
        return browser.signIn(name, name + "-demo-pass");
    }

    /** The identity and forwarding headers the demo application lists on its page. */
    private static Map<String, String> headersSeen(Response page) {
        assertEquals(200, page.statusCode(), page.asString());
        Map<String, String> seen = new LinkedHashMap<>();
        Matcher row = Pattern.compile("<tr><th>([^<]+)</th><td>([^<]*)</td></tr>").matcher(page.asString());
        while (row.find()) {
            seen.put(row.group(1), row.group(2));
        }
        return seen;
    }

    private static String link(String page, String text) {
        Matcher m = Pattern.compile("href=\"([^\"]+)\">" + Pattern.quote(text) + "<").matcher(page);
        assertTrue(m.find(), "no link \"" + text + "\"");
        return m.group(1).replace("&amp;", "&");
    }
}
