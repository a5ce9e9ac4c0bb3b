package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.LogCapture;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.RawHttp;
import io.tollgate.testing.StoresTestResource;
import io.tollgate.testing.TestAccounts;

/** The portal's defences: forms, return addresses, attempt limits, equal answers, availability. */
@QuarkusTest
class PortalSecurityTest {

    @Inject
    TestAccounts accounts;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeEach
    void setUp() {
        accounts.policy(Set.of("sec-required"), Set.of(), true, 7, Duration.ZERO, true);
        accounts.unlock("sec-user", "sec-locked", "sec-nobody", "sec-known");
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefused() {
        PortalClient browser = new PortalClient("alpha.test");
        browser.get("/.tollgate/login");
        Map<String, String> form = new LinkedHashMap<>(browser.hiddenFields());
        form.put("username", "anyone");
        form.put("password", "x");

        Response foreignOrigin = new PortalClient("alpha.test").header("Origin", "https://evil.example").post(
                "/.tollgate/login", form);
        PortalClient sameCookie = browser.secondClick().header("Origin", "https://evil.example");
        assertEquals(403, sameCookie.post("/.tollgate/login", form).statusCode());
        assertEquals(403, browser.secondClick().header("Sec-Fetch-Site", "cross-site").post("/.tollgate/login", form)
                .statusCode());
        Map<String, String> noToken = new LinkedHashMap<>(form);
        noToken.remove("csrf");
        Response tokenless = browser.secondClick().post("/.tollgate/login", noToken);
        assertEquals(403, tokenless.statusCode());
        tokenless.then().body(containsString("did not come from this site"));
        assertEquals(403, foreignOrigin.statusCode());
        // From the same site, the same form is fine.
        assertEquals(401, browser.secondClick().header("Origin", "http://alpha.test").post("/.tollgate/login", form).statusCode());
    }

    @Test
    void theHeadersOfARefusedFormReachTheLogOnlyEscaped() throws Exception {
        Logger logger = Logger.getLogger(PortalSessions.class.getName());
        Level level = logger.getLevel();
        logger.setLevel(Level.FINE);
        List<String> lines;
        try (LogCapture log = LogCapture.of(PortalSessions.class)) {
            // Bytes a header may carry (obs-text), read as ISO-8859-1: U+0085 (NEXT LINE) breaks lines in some viewers.
            RawHttp.Exchange refused = RawHttp.send(gateway, "POST /.tollgate/login HTTP/1.1\r\n"
                    + "Host: alpha.test\r\nOrigin: https://evil.example\u0085\tforged\r\n"
                    + "Sec-Fetch-Site: cross-site\u0085\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n");
            assertEquals(403, refused.status());
            lines = log.lines();
        } finally {
            logger.setLevel(level);
        }
        List<String> logged = lines.stream().filter(l -> l.contains("cross-site")).toList();
        assertEquals(1, logged.size(), lines.toString());
        String line = logged.get(0);
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), line);
        assertTrue(line.contains("https://evil.example\\u0085\\u0009forged"), line);
    }

    @Test
    void aFormSentTwiceOrAfterAReloadIsAccepted() {
        accounts.create("sec-user", false, "sec-required");
        PortalClient browser = new PortalClient("alpha.test");
        browser.get("/.tollgate/login");
        String firstToken = browser.hiddenFields().get("csrf");
        browser.get("/.tollgate/login");
        assertEquals(firstToken, browser.hiddenFields().get("csrf"), "a reload keeps the form valid");

        PortalClient secondClick = browser.secondClick();
        Response first = browser.submit("/.tollgate/login", "username", "sec-user", "password", TestAccounts.PASSWORD);
        assertEquals(303, first.statusCode());
        Response again = secondClick.submit("/.tollgate/login", "username", "sec-user", "password",
                TestAccounts.PASSWORD);
        assertEquals(303, again.statusCode(), "the second click goes on, it is not refused");

        Authenticator app = Authenticator.scan(browser.get("/.tollgate/enroll").asString());
        PortalClient secondConfirm = browser.secondClick();
        String code = app.code();
        assertEquals("/.tollgate/recovery-codes", browser.submit("/.tollgate/enroll", "name", "phone", "code", code)
                .header("Location"));
        Response confirmAgain = secondConfirm.submit("/.tollgate/enroll", "name", "phone", "code", code);
        assertEquals(303, confirmAgain.statusCode(), "no replay error for the second click");
        assertTrue(confirmAgain.header("Location").contains("recovery-codes"), "on to the same set");
    }

    @Test
    void theReturnAddressIsFollowedOnlyToKnownHosts() {
        accounts.create("sec-known", false);
        assertEquals("/.tollgate/", afterSignIn("https://evil.example/steal"));
        assertEquals("/.tollgate/", afterSignIn("//evil.example/steal"));
        assertEquals("/.tollgate/", afterSignIn("javascript:alert(1)"));
        assertEquals("/.tollgate/", afterSignIn("https://alpha.test.evil.example/"));
        assertEquals("https://alpha.test/secure/x?y=1", afterSignIn("https://alpha.test/secure/x?y=1"));
        assertEquals("http://deep.wild.test/", afterSignIn("http://deep.wild.test/"));
        assertEquals("/secure/relative", afterSignIn("/secure/relative"));
    }

    private String afterSignIn(String rd) {
        PortalClient browser = new PortalClient("alpha.test");
        browser.get("/.tollgate/login?rd=" + URLEncoder.encode(rd, StandardCharsets.UTF_8));
        return browser.submit("/.tollgate/login", "username", "sec-known", "password", TestAccounts.PASSWORD)
                .header("Location");
    }

    @Test
    void repeatedFailuresLockTheAccountEvenForTheRightPassword() {
        accounts.create("sec-locked", false);
        PortalClient browser = new PortalClient("alpha.test");
        for (int attempt = 1; attempt <= 4; attempt++) {
            Response wrong = browser.signIn("sec-locked", "wrong password " + attempt);
            assertEquals(401, wrong.statusCode());
            wrong.then().body(containsString((5 - attempt) + (5 - attempt == 1 ? " attempt left" : " attempts left")));
        }
        Response fifth = browser.signIn("sec-locked", "wrong again");
        assertEquals(429, fifth.statusCode());
        fifth.then().body(containsString("Sign-in is locked"));
        assertEquals(429, browser.signIn("sec-locked", TestAccounts.PASSWORD).statusCode(), "locked, whatever the password");
        accounts.unlock("sec-locked");
        assertEquals(303, browser.signIn("sec-locked", TestAccounts.PASSWORD).statusCode());
    }

    @Test
    void guessesSentAllAtOnceAreStoppedAtTheLimit() throws Exception {
        accounts.create("sec-burst", false);
        accounts.unlock("sec-burst");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                answers.add(pool.submit(() -> new PortalClient("alpha.test").signIn("sec-burst", "guess " + n).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
            long checked = statuses.stream().filter(s -> s == 401).count();
            assertTrue(checked <= 4, "at most limit - 1 plain refusals before the lock: " + statuses);
            assertTrue(statuses.stream().allMatch(s -> s == 401 || s == 429), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(429, new PortalClient("alpha.test").signIn("sec-burst", TestAccounts.PASSWORD).statusCode());
        accounts.unlock("sec-burst");
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() {
        accounts.create("sec-known-2", false);
        accounts.unlock("sec-known-2");
        Response unknown = new PortalClient("alpha.test").signIn("sec-nobody", "some password");
        accounts.unlock();
        Response wrong = new PortalClient("alpha.test").signIn("sec-known-2", "some password");
        assertEquals(unknown.statusCode(), wrong.statusCode());
        assertEquals(normalized(unknown.asString(), "sec-nobody"), normalized(wrong.asString(), "sec-known-2"));
    }

    private static String normalized(String page, String username) {
        return page.replace(username, "USER").replaceAll("name=\"csrf\" value=\"[^\"]*\"", "csrf");
    }

    @Test
    void aMalformedCodeIsExplainedAndNotCounted() {
        accounts.create("sec-user-2", false, "sec-required");
        accounts.unlock("sec-user-2");
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("sec-user-2", TestAccounts.PASSWORD);
        browser.enroll();
        browser.logout();
        browser.get(browser.signIn("sec-user-2", TestAccounts.PASSWORD).header("Location"));
        Response malformed = browser.submit("/.tollgate/totp", "code", "12ab56");
        assertEquals(400, malformed.statusCode());
        malformed.then().body(containsString("6-digit code")).body(containsString("aria-describedby=\"code-hint code-error\""));
        Response wrong = browser.submit("/.tollgate/totp", "code", "000000");
        wrong.then().body(containsString("4 attempts left"));
    }

    @Test
    void userSuppliedTextIsShownEscaped() {
        PortalClient browser = new PortalClient("alpha.test");
        Response page = browser.signIn("<script>alert(1)</script>", "x");
        page.then().body(not(containsString("<script>alert(1)</script>")))
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void frenchReadersGetFrenchPagesAndCanSwitch() {
        PortalClient browser = new PortalClient("alpha.test").header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5");
        Response login = browser.get("/.tollgate/login");
        login.then().body(containsString("<html lang=\"fr\">")).body(containsString("Mot de passe"))
                .body(containsString("Se connecter"));
        Response error = browser.submit("/.tollgate/login", "username", "", "password", "");
        error.then().body(containsString("Saisissez votre nom d&#39;utilisateur."));
        browser.get("/.tollgate/login?lang=en").then().body(containsString("<html lang=\"en\">"));
        assertEquals("en", browser.cookie(PortalRequest.LANGUAGE_COOKIE));
        browser.get("/.tollgate/login").then().body(containsString("Username"));
    }

    @Test
    void redisOutOfReachGivesAFriendlyPageAndSignInWorksAgainAfterwards() {
        accounts.create("sec-redis", false);
        PortalClient browser = new PortalClient("alpha.test");
        assertEquals(303, browser.signIn("sec-redis", TestAccounts.PASSWORD).statusCode());
        StoresTestResource.stores().stopRedis();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                PortalClient visitor = new PortalClient("alpha.test");
                assertEquals(200, visitor.get("/.tollgate/login").statusCode(), "the page itself needs no store");
                Response down = visitor.submit("/.tollgate/login", "username", "sec-redis", "password",
                        TestAccounts.PASSWORD);
                assertEquals(503, down.statusCode());
                down.then().body(containsString("Temporarily unavailable")).body(not(containsString("Exception")));
            });
            assertEquals(503, browser.get("/secure/page").statusCode(), "a session cookie cannot be checked");
            assertEquals(302, new PortalClient("alpha.test").get("/secure/page").statusCode(),
                    "without a cookie there is nothing to check: on to sign-in");
        } finally {
            StoresTestResource.stores().startRedis();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(303, new PortalClient("alpha.test").signIn("sec-redis", TestAccounts.PASSWORD).statusCode()));
    }

    @Test
    void postgresOutOfReachGivesAFriendlyPageAndSignInWorksAgainAfterwards() {
        accounts.create("sec-postgres", false);
        accounts.unlock("sec-postgres");
        StoresTestResource.stores().stopPostgres();
        try {
            PortalClient browser = new PortalClient("alpha.test");
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Response down = browser.signIn("sec-postgres", TestAccounts.PASSWORD);
                assertEquals(503, down.statusCode());
                down.then().body(containsString("Temporarily unavailable")).body(not(containsString("Exception")))
                        .body(not(containsString(TestAccounts.PASSWORD)));
            });
        } finally {
            StoresTestResource.stores().startPostgres();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(303,
                new PortalClient("alpha.test").signIn("sec-postgres", TestAccounts.PASSWORD).statusCode()));
        accounts.unlock("sec-postgres");
    }

    @Test
    void portalPagesAreNeitherCachedNorFramed() {
        Response login = new PortalClient("alpha.test").get("/.tollgate/login");
        assertEquals("no-store", login.header("Cache-Control"));
        assertEquals("DENY", login.header("X-Frame-Options"));
        assertTrue(login.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        String cookie = login.header("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
        assertNotEquals(-1, cookie.indexOf("Path=/"));
    }
}
