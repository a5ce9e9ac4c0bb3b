package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.ExternalServer;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;
import io.tollgate.testing.TestTokens;
import io.tollgate.testing.UpstreamTestResource;

/**
 * The journey of a forward-auth deployment, run against a real proxy started with the
 * configuration docs/deployment.md gives: the proxy sends a browser to the portal, the user
 * signs in with password and code, the application behind the proxy learns who it is, a
 * client's own identity headers never arrive, a denied path stays closed, and logout ends
 * access. Each proxy's test says how to start it.
 */
abstract class ForwardAuthScenario {

    private static ExternalServer server;
    private static int port;

    @Inject
    TestAccounts accounts;

    @TestHTTPResource("/")
    URL gateway;

    /** Starts the proxy in {@code directory} on {@code port}, in front of the gateway and the upstream. */
    abstract ExternalServer start(Path directory, int port, int gatewayPort, String upstream) throws Exception;

    /** The proxy's port, started at the first test that needs it. */
    private int proxy() throws Exception {
        if (server == null) {
            Path directory = Files.createTempDirectory("tollgate-forward-auth",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            port = io.tollgate.devstack.EmbeddedStores.freePort();
            server = start(directory, port, gateway.getPort(),
                    UpstreamTestResource.alpha().url().substring("http://".length()));
        }
        return port;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Test
    void aBrowserSignsInThroughTheProxyAndTheApplicationLearnsWhoItIsUntilLogout() throws Exception {
        accounts.policy(Set.of("forward-required"), Set.of(), true, 7, Duration.ZERO, true);
        String username = "fwd-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.create(username, false, "forward-required");
        Authenticator app = enrollDirectly(username);

        // Everything through the proxy from here, sending identity headers of its own choosing.
        PortalClient browser = new PortalClient("alpha.test").via(proxy()).header("Remote-User", "admin")
                .header("Remote-Groups", "admins");
        Response protectedPage = browser.get("/secure/report?year=2026");
        assertEquals(302, protectedPage.statusCode(), protectedPage.asString());
        String location = protectedPage.header("Location");
        assertTrue(location.contains("/.tollgate/login?rd="), location);
        assertEquals("http://alpha.test/secure/report?year=2026",
                URLDecoder.decode(location.substring(location.indexOf("rd=") + 3), StandardCharsets.UTF_8));

        assertEquals(200, browser.get(location).statusCode(), "the portal, through the proxy");
        Response password = browser.submit("/.tollgate/login", "username", username, "password", TestAccounts.PASSWORD);
        assertEquals(303, password.statusCode());
        assertTrue(password.header("Location").startsWith("/.tollgate/totp"), password.header("Location"));
        assertEquals(200, browser.get(password.header("Location")).statusCode());
        Response code = browser.submit("/.tollgate/totp", "code", app.code(1));
        assertEquals(303, code.statusCode(), code.asString());
        assertEquals("http://alpha.test/secure/report?year=2026", code.header("Location"));

        Response page = browser.get("/secure/report?year=2026");
        assertEquals(200, page.statusCode(), page.asString());
        assertEquals("alpha", page.header("X-Upstream"));
        JsonPath seen = page.jsonPath();
        assertEquals(username, seen.getString("headers.remote-user"));
        assertEquals("forward-required", seen.getString("headers.remote-groups"));
        assertEquals("two_factor", seen.getString("headers.remote-auth-method"));
        assertEquals(username + "@example.test", seen.getString("headers.remote-email"));

        // A bypass route: nobody is named, and the client's own claim is gone.
        JsonPath open = browser.get("/").then().statusCode(200).extract().jsonPath();
        assertNotEquals("admin", open.getString("headers.remote-user"));
        assertNotEquals("admins", open.getString("headers.remote-groups"));

        assertEquals(403, browser.get("/private/x").statusCode(), "a deny route stays closed");

        browser.logout();
        assertEquals(302, browser.get("/secure/report?year=2026").statusCode(), "logged out: sign in again");
    }

    @Test
    void anAnonymousClientsIdentityHeadersNeverReachTheApplication() throws Exception {
        PortalClient stranger = new PortalClient("alpha.test").via(proxy()).header("Remote-User", "admin")
                .header("Remote_User", "admin").header("Remote-Auth-Method", "two_factor");
        JsonPath seen = stranger.get("/api-free").then().statusCode(200).extract().jsonPath();
        assertNotEquals("admin", seen.getString("headers.remote-user"));
        assertNotEquals("two_factor", seen.getString("headers.remote-auth-method"));
        assertEquals(302, stranger.get("/secure/x").statusCode());
    }

    @Test
    void aJwtCallerPassesAsItsSubjectAndABadTokenGetsA401() throws Exception {
        PortalClient probe = new PortalClient("alpha.test").via(proxy())
                .header("Authorization", "Bearer " + TestTokens.mint("probe-bot", "monitoring"))
                .header("Remote-User", "admin");
        Response allowed = probe.get("/secure/health");
        assertEquals(200, allowed.statusCode(), allowed.asString());
        assertEquals("probe-bot", allowed.jsonPath().getString("headers.remote-user"));
        assertEquals("bearer", allowed.jsonPath().getString("headers.remote-auth-method"));
        Response refused = new PortalClient("alpha.test").via(proxy()).header("Authorization", "Bearer not.a.token")
                .get("/secure/health");
        assertEquals(401, refused.statusCode());
        assertEquals("Bearer error=\"invalid_token\"", refused.header("WWW-Authenticate"));
        assertEquals(null, refused.header("Location"), "a script is never sent to sign in");
    }

    @Test
    void aClientCannotAskTheDecisionEndpointsThroughTheProxy() throws Exception {
        PortalClient client = new PortalClient("alpha.test").via(proxy()).header("X-Original-URL", "http://alpha.test/")
                .header("X-Original-Method", "GET").header("X-Forwarded-Method", "GET")
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "alpha.test")
                .header("X-Forwarded-Uri", "/").header("X-Forwarded-For", "192.0.2.1");
        for (String endpoint : new String[] { "/.tollgate/api/authz/auth-request", "/.tollgate/api/authz/forward-auth",
                "/.tollgate/api/authz/ext-authz/" }) {
            assertEquals(404, client.get(endpoint).statusCode(), endpoint);
        }
    }

    @Test
    void aHostThatSmugglesAQueryIntoTheOriginalUrlIsRefused() throws Exception {
        // nginx builds X-Original-URL from the raw Host: "alpha.test:80?x" would turn the path into a query.
        PortalClient client = new PortalClient("alpha.test:80?x").via(proxy());
        Response r = client.get("/private/x");
        assertEquals(null, r.header("X-Upstream"), "the application served a denied path: " + r.statusCode());
        assertTrue(r.statusCode() >= 400 || r.asString().isEmpty(), "answered " + r.statusCode());
    }

    /** The first sign-in, straight at the gateway: enrollment, then sign out. */
    private static Authenticator enrollDirectly(String username) {
        PortalClient setup = new PortalClient("alpha.test");
        assertEquals(303, setup.signIn(username, TestAccounts.PASSWORD).statusCode());
        Authenticator app = setup.enroll();
        setup.logout();
        return app;
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
