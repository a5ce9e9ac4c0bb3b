package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
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

/**
 * A user makes an AuthKey on the account page, sees it once, uses it, and revokes it; a wrong
 * form keeps what was typed and says what is wrong; the page asks for a recent code first.
 */
@QuarkusTest
class AccountKeysPageTest {

    private static final Pattern KEY = Pattern.compile("<code class=\"key\" id=\"new-key\">(tgk_[0-9A-Za-z]{50})</code>");

    @Inject
    TestAccounts accounts;

    @BeforeEach
    void policy() {
        accounts.policy(Set.of("keys-required"), Set.of(), false, 0, Duration.ZERO, true);
    }

    private PortalClient signedIn(String username) {
        accounts.create(username, false, "keys-required");
        PortalClient browser = new PortalClient("alpha.test");
        assertEquals(303, browser.signIn(username, TestAccounts.PASSWORD).statusCode());
        Authenticator app = browser.enroll();
        assertTrue(app.code() != null);
        return browser;
    }

    @Test
    void aKeyIsMadeShownOnceUsedAndRevoked() {
        String username = "keypage-" + UUID.randomUUID().toString().substring(0, 8);
        PortalClient browser = signedIn(username);

        browser.get("/.tollgate/account").then().statusCode(200).body(containsString("Keys for scripts and services"))
                .body(containsString("You have no keys."));
        Response form = browser.get("/.tollgate/account/keys/new");
        assertEquals(200, form.statusCode(), "the enrollment code is recent: no second code asked");
        form.then().body(containsString("value=\"alpha-secure\""));

        Response created = browser.submit("/.tollgate/account/keys/new", "name", "nightly backup", "validity", "30",
                "route", "alpha-secure");
        assertEquals(200, created.statusCode(), created.asString());
        assertEquals("no-store", created.header("Cache-Control"));
        Matcher shown = KEY.matcher(created.asString());
        assertTrue(shown.find(), created.asString());
        String key = shown.group(1);

        Response used = given().redirects().follow(false).header("Host", "alpha.test").header("X-Auth-Key", key)
                .get("/secure/backup");
        assertEquals(200, used.statusCode());
        assertEquals(username, used.jsonPath().getString("headers.remote-user"));
        assertEquals(403, given().redirects().follow(false).header("Host", "alpha.test").header("X-Auth-Key", key)
                .get("/office/x").statusCode(), "limited to alpha-secure");

        Response page = browser.get("/.tollgate/account");
        page.then().body(containsString("nightly backup")).body(containsString("alpha-secure"))
                .body(not(containsString(key))).body(not(containsString(key.substring(16, 48))));
        String id = key.substring(4, 16);
        Response revoked = browser.submit("/.tollgate/account/keys/revoke", "id", id);
        assertEquals(303, revoked.statusCode());
        assertEquals(401, given().redirects().follow(false).header("Host", "alpha.test").header("X-Auth-Key", key)
                .get("/secure/backup").statusCode());
        browser.get("/.tollgate/account").then().body(containsString("You have no keys."));
    }

    @Test
    void aWrongFormKeepsWhatWasTypedAndSaysWhatIsWrong() {
        PortalClient browser = signedIn("keyform-" + UUID.randomUUID().toString().substring(0, 8));
        browser.get("/.tollgate/account/keys/new");
        Response noName = browser.submit("/.tollgate/account/keys/new", "name", "  ", "validity", "365");
        assertEquals(400, noName.statusCode());
        noName.then().body(containsString("Give this key a name")).body(containsString("value=\"365\" selected"));
        browser.get("/.tollgate/account/keys/new");
        Response badRoute = browser.submit("/.tollgate/account/keys/new", "name", "mine", "route", "no-such-route");
        assertEquals(400, badRoute.statusCode());
        badRoute.then().body(containsString("Choose applications from the list.")).body(containsString("value=\"mine\""));
    }

    @Test
    void anotherUsersKeyCannotBeRevoked() {
        PortalClient owner = signedIn("keyowner-" + UUID.randomUUID().toString().substring(0, 8));
        owner.get("/.tollgate/account/keys/new");
        Matcher shown = KEY.matcher(owner.submit("/.tollgate/account/keys/new", "name", "mine").asString());
        assertTrue(shown.find());
        String key = shown.group(1);
        PortalClient other = signedIn("keyother-" + UUID.randomUUID().toString().substring(0, 8));
        other.get("/.tollgate/account");
        Response attempt = other.submit("/.tollgate/account/keys/revoke", "id", key.substring(4, 16));
        assertEquals(303, attempt.statusCode());
        assertTrue(attempt.header("Location").endsWith("done=not_found"), attempt.header("Location"));
        assertEquals(200, given().redirects().follow(false).header("Host", "alpha.test").header("X-Auth-Key", key)
                .get("/secure/x").statusCode());
    }
}
