package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.caller.KeysToShow;
import io.tollgate.store.RedisCalls;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;
import io.vertx.mutiny.redis.client.Command;

/**
 * A user makes an AuthKey on the account page, sees it on the page a redirect leads to until they
 * say it is copied, uses it, and revokes it; a form sent twice makes one key; a wrong form keeps
 * what was typed and says what is wrong; the page asks for a recent code first.
 */
@QuarkusTest
class AccountKeysPageTest {

    private static final Pattern KEY = Pattern.compile("<code class=\"key\" id=\"new-key\">(tgk_[0-9A-Za-z]{50})</code>");

    @Inject
    TestAccounts accounts;

    @Inject
    RedisCalls redis;

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

        Response posted = browser.submit("/.tollgate/account/keys/new", "name", "nightly backup", "validity", "30",
                "route", "alpha-secure");
        assertEquals(303, posted.statusCode(), posted.asString());
        String shownAt = posted.header("Location");
        assertTrue(shownAt.contains("/.tollgate/account/keys/created/"), shownAt);
        Response created = browser.get(shownAt);
        assertEquals(200, created.statusCode(), created.asString());
        assertEquals("no-store", created.header("Cache-Control"));
        Matcher shown = KEY.matcher(created.asString());
        assertTrue(shown.find(), created.asString());
        String key = shown.group(1);
        assertTrue(browser.get(shownAt).asString().contains(key), "a reload shows the same key and makes none");
        assertTrue(browser.get(shownAt + "?lang=fr").asString().contains(key), "so does the language switch");
        assertTrue(browser.get(shownAt + "?lang=en").asString().contains(key), "both ways");
        assertEquals(303, browser.submit("/.tollgate/account/keys/copied").statusCode());
        Response afterwards = given().redirects().follow(false).header("Host", "alpha.test")
                .cookie("tollgate_session", browser.cookie("tollgate_session")).get(shownAt);
        assertEquals(303, afterwards.statusCode(), "copied: the key is no longer kept");
        assertTrue(afterwards.header("Location").endsWith("/.tollgate/account"), afterwards.header("Location"));

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
        Matcher shown = KEY.matcher(owner.follow(owner.submit("/.tollgate/account/keys/new", "name", "mine")).asString());
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

    @Test
    void theFormSentTwiceMakesOneKeyAndBothClicksShowIt() throws Exception {
        String username = "keytwice-" + UUID.randomUUID().toString().substring(0, 8);
        PortalClient browser = signedIn(username);
        browser.get("/.tollgate/account/keys/new");
        PortalClient twin = browser.secondClick();
        Response first = browser.submit("/.tollgate/account/keys/new", "name", "twice", "validity", "30");
        Response second = twin.submit("/.tollgate/account/keys/new", "name", "twice", "validity", "30");
        assertEquals(303, first.statusCode(), first.asString());
        assertEquals(303, second.statusCode(), second.asString());
        assertEquals(first.header("Location"), second.header("Location"), "both clicks lead to the same key");
        assertTrue(KEY.matcher(twin.get(second.header("Location")).asString()).find());
        assertEquals(1, countOf(browser.get("/.tollgate/account").asString(), ">twice <code>"), "one key made");

        // At once, as a double click sends them: still one key.
        browser.get("/.tollgate/account/keys/new");
        PortalClient other = browser.secondClick();
        List<Response> both = PortalClient.atOnce(() -> browser.submit("/.tollgate/account/keys/new", "name", "at-once"),
                () -> other.submit("/.tollgate/account/keys/new", "name", "at-once"));
        assertEquals(303, both.get(0).statusCode(), both.get(0).asString());
        assertEquals(303, both.get(1).statusCode(), both.get(1).asString());
        assertEquals(both.get(0).header("Location"), both.get(1).header("Location"));
        for (Response click : both) {
            assertTrue(KEY.matcher(browser.get(click.header("Location")).asString()).find(),
                    "each click shows the key the first one made");
        }
        assertEquals(1, countOf(browser.get("/.tollgate/account").asString(), ">at-once <code>"), "one key made");
    }

    @Test
    void aKeysPageIsItsOwnersAlone() {
        PortalClient owner = signedIn("keyshown-" + UUID.randomUUID().toString().substring(0, 8));
        owner.get("/.tollgate/account/keys/new");
        String shownAt = owner.submit("/.tollgate/account/keys/new", "name", "mine").header("Location");
        PortalClient other = signedIn("keypeek-" + UUID.randomUUID().toString().substring(0, 8));
        Response peek = other.get(shownAt);
        assertEquals(303, peek.statusCode(), "another user's form id shows nothing");
        assertEquals("/.tollgate/account", peek.header("Location"), "not a page that asks for a code first");
        assertTrue(!peek.asString().contains("tgk_"));
        assertEquals(303, owner.get("/.tollgate/account/keys/created/not-a-form-id").statusCode());
        Response signedOut = new PortalClient("alpha.test").get("/.tollgate/account/keys/created/..%3Cb%3E..");
        assertEquals(303, signedOut.statusCode());
        assertEquals("/.tollgate/account", signedOut.header("Location"), "a malformed id is carried nowhere, not even"
                + " into the sign-in's return address");
        assertTrue(KEY.matcher(owner.get(shownAt).asString()).find());
    }

    @Test
    void aKeyStillBeingMadeIsAwaitedOnItsPageNotLost() {
        String username = "keyslow-" + UUID.randomUUID().toString().substring(0, 8);
        PortalClient browser = signedIn(username);
        String form = KeysToShow.newFormId();
        Long userId = accounts.reload(username).id;
        // As a first post holds it while its database is slow.
        TestAccounts.await(() -> redis.send(Command.SET, "tollgate:key-form:" + userId + ":" + form, "claimed"));
        Response waiting = browser.get("/.tollgate/account/keys/created/" + form);
        assertEquals(200, waiting.statusCode(), waiting.asString());
        waiting.then().body(containsString("Your key is being made"))
                .body(containsString("href=\"/.tollgate/account/keys/created/" + form + "\""));
        TestAccounts.await(() -> redis.send(Command.DEL, "tollgate:key-form:" + userId + ":" + form));
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
