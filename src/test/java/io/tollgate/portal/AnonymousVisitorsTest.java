package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.StoresTestResource;
import io.tollgate.testing.TestAccounts;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/** Visitors who have not signed in cost Redis nothing, and their cookie cannot be forged. */
@QuarkusTest
class AnonymousVisitorsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    TestAccounts accounts;

    @Inject
    Vertx vertx;

    private Redis redis;

    @BeforeEach
    void setUp() {
        accounts.policy(Set.of("anon-required"), Set.of(), false, 7, Duration.ZERO, true);
        accounts.unlock("anon-user");
        redis = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void aThousandLoginPagesWithoutACookieAddNoKeyToRedis() throws Exception {
        Set<String> before = keys();
        String longAgent = "Mozilla/5.0 " + "x".repeat(8_000);
        // One kept-alive connection, as a script looping on the page would use.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + "/.tollgate/login")).header("User-Agent", longAgent).build();
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> page = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("set-cookie").isPresent());
        }
        Set<String> added = keys();
        added.removeAll(before);
        assertEquals(Set.of(), added, "no key written for anonymous visitors");

        accounts.create("anon-user", false);
        PortalClient browser = new PortalClient("alpha.test");
        assertEquals(303, browser.signIn("anon-user", TestAccounts.PASSWORD).statusCode(), "sign-in still works");
        browser.get("/.tollgate/").then().body(containsString("Name of anon-user"));
    }

    @Test
    void anAlteredOrForgedAnonymousCookieIsIgnoredWithoutAnErrorPage() {
        accounts.create("anon-forge", false);
        PortalClient browser = new PortalClient("alpha.test");
        browser.get("/.tollgate/login");
        String cookie = browser.cookie("tollgate_session");
        assertTrue(cookie.startsWith("a1."), cookie);
        Map<String, String> form = new LinkedHashMap<>(browser.hiddenFields());
        form.put("username", "anon-forge");
        form.put("password", TestAccounts.PASSWORD);

        String[] parts = cookie.split("\\.");
        String otherNonce = (parts[1].charAt(0) == 'A' ? "B" : "A") + parts[1].substring(1);
        for (String bad : new String[] { "a1." + otherNonce + "." + parts[2] + "." + parts[3],
                "a1." + parts[1] + "." + parts[2] + "." + "A".repeat(43) }) {
            browser.setCookie("tollgate_session", bad);
            Response answer = browser.post("/.tollgate/login", form);
            assertEquals(400, answer.statusCode(), "the form is shown again, not a 403 or 500 page");
            answer.then().body(containsString("Your sign-in page had expired")).body(not(containsString("Form refused")));
            String fresh = browser.cookie("tollgate_session");
            assertNotEquals(bad, fresh, "a new anonymous cookie replaces it");
            assertEquals(302, new PortalClient("alpha.test").get("/secure/page").statusCode());

            browser.setCookie("tollgate_session", bad);
            Response page = browser.get("/.tollgate/login");
            assertEquals(200, page.statusCode());
            assertNotEquals(bad, browser.cookie("tollgate_session"));
            assertNotEquals(form.get("csrf"), browser.hiddenFields().get("csrf"));
        }
        // With the genuine cookie, the same form signs in.
        browser.setCookie("tollgate_session", cookie);
        assertEquals(303, browser.post("/.tollgate/login", form).statusCode());
    }

    private Set<String> keys() {
        Set<String> keys = new HashSet<>();
        redis.send(Request.cmd(Command.KEYS).arg("*")).await().atMost(WAIT).forEach(k -> keys.add(k.toString()));
        return keys;
    }
}
