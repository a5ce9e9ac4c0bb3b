package io.tollgate.packaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestTokens;
import io.vertx.core.json.JsonObject;

/**
 * The built artifact (the jar here; the native executable under {@code -Pnative}) through
 * HTTP only, along everything a native image must have registered or included: pages from
 * type-safe templates in English and French (message bundles), the stylesheets read as
 * resources, Argon2id password checks (Bouncy Castle), an enrollment whose QR code image is
 * decoded as a phone would (the gateway's own PNG writer), a TOTP sign-in (HMAC, the guard's Lua
 * scripts in Redis, Hibernate Reactive), admin API JSON both ways, including error bodies
 * built at run time, a JWT caller (smallrye-jwt), and the health checks.
 */
@QuarkusIntegrationTest
@WithTestResource(NativeReadyIT.FirstAdministrator.class)
class NativeReadyIT {

    static final String ADMIN = "native-admin";
    static final String ADMIN_PASSWORD = "native-ready-first-admin";
    private static final Pattern KEY = Pattern.compile("<code class=\"key\" id=\"new-key\">(tgk_[0-9A-Za-z]{50})</code>");
    private static final Pattern STYLESHEET = Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\">");

    /** The first administrator, made at start-up from these settings, as in production. */
    public static class FirstAdministrator implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("tollgate.bootstrap.admin-username", ADMIN, "tollgate.bootstrap.admin-password", ADMIN_PASSWORD,
                    "tollgate.policy.admins-required", "false", "tollgate.session.secure", "false");
        }

        @Override
        public void stop() {
            // nothing started
        }
    }

    @Test
    void pagesRenderInEnglishAndFrenchWithTheirStylesheet() {
        String english = new PortalClient("alpha.test").get("/.tollgate/login").asString();
        assertTrue(english.contains("<html lang=\"en\">"), english);
        String french = new PortalClient("alpha.test").header("Accept-Language", "fr").get("/.tollgate/login").asString();
        assertTrue(french.contains("Se connecter") && french.contains("<html lang=\"fr\">"), french);
        Matcher stylesheet = STYLESHEET.matcher(english);
        assertTrue(stylesheet.find(), english);
        Response css = new PortalClient("alpha.test").get(stylesheet.group(1));
        assertEquals(200, css.statusCode());
        assertTrue(css.contentType().startsWith("text/css") && css.asString().contains("{"), css.asString());
    }

    @Test
    void aUserMadeThroughTheApiEnrollsFromTheQrCodeAndSignsInWithACode() {
        String key = adminKey();
        String username = "native-" + Long.toHexString(System.nanoTime());
        String password = "a password long enough for " + username;

        Response unreadable = api(key).body("{\"username\": ").post("/users");
        assertEquals(400, unreadable.statusCode(), unreadable.asString());
        assertEquals("invalid_input", unreadable.jsonPath().getString("error"), unreadable.asString());
        Response created = api(key).body(new JsonObject().put("username", username).put("password", password).encode())
                .post("/users");
        assertEquals(201, created.statusCode(), created.asString());
        assertEquals(username, created.jsonPath().getString("username"));
        Response listed = api(key).get("/users?search=" + username);
        assertEquals(username, listed.jsonPath().getString("items[0].username"), listed.asString());

        PortalClient browser = new PortalClient("alpha.test");
        assertEquals(303, browser.signIn(username, password).statusCode());
        Authenticator app = browser.enroll();
        browser.logout();
        assertTrue(browser.signIn(username, password).header("Location").contains("/totp"));
        browser.code(app.code(1));
        Response upstream = browser.get("/secure/native");
        assertEquals(200, upstream.statusCode(), upstream.asString());
    }

    @Test
    void aJwtCallerIsLetThroughAndAForgedOneIsNot() {
        String token = TestTokens.mint("native-service");
        assertEquals(200, given().header("Host", "alpha.test").header("Authorization", "Bearer " + token)
                .redirects().follow(false).get("/secure/native").statusCode());
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertTrue(given().header("Host", "alpha.test").header("Authorization", "Bearer " + forged)
                .redirects().follow(false).get("/secure/native").statusCode() != 200);
    }

    @Test
    void theHealthChecksAnswerOnTheManagementPort() {
        Response ready = given().port(Integer.parseInt(System.getProperty("it.management.port"))).get("/q/health/ready");
        assertEquals(200, ready.statusCode(), ready.asString());
        assertEquals("UP", ready.jsonPath().getString("status"));
    }

    /** An AuthKey the first administrator makes on their account page. */
    private static String adminKey() {
        PortalClient browser = new PortalClient("alpha.test");
        Response signedIn = browser.signIn(ADMIN, ADMIN_PASSWORD);
        assertEquals(303, signedIn.statusCode(), signedIn.asString());
        assertEquals(200, browser.get("/.tollgate/account/keys/new").statusCode());
        Matcher shown = KEY.matcher(browser.follow(browser.submit("/.tollgate/account/keys/new", "name", "native",
                "validity", "1")).asString());
        assertTrue(shown.find());
        return shown.group(1);
    }

    private static io.restassured.specification.RequestSpecification api(String key) {
        return given().basePath("/.tollgate/api/admin/v1").header("Host", "alpha.test")
                .header("Authorization", "AuthKey " + key).contentType("application/json");
    }
}
