package io.tollgate.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.response.Response;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.ProductionGateway;

/**
 * Hostile return addresses on the login page (carried by the page, and slipped into the form),
 * on logout, and in the original request a forward-auth check describes: the browser is never
 * sent off the gateway's hosts, to another port, or from https down to http.
 */
class ReturnAddressesAreNeverFollowedIT {

    private static final String PASSWORD = "a long enough password for rd";
    private static ProductionGateway gateway;

    static List<String> hostile() {
        String app = ProductionGateway.APP;
        return List.of("//evil.example/", "/\\evil.example", "/%5Cevil.example", "/%5cevil.example", "/%2F%2Fevil.example",
                "/%2fevil.example", "///evil.example", "/\t/evil.example", "/\n/evil.example", "/x\r\nLocation: //evil.example",
                "\t//evil.example", "/\u0000/evil.example", "https:evil.example", "https:/evil.example", "https:\\\\evil.example",
                "https://evil.example", "https://" + app + "@evil.example/", "https://" + app + ":x@evil.example/",
                "https://evil.example#@" + app + "/", "https://evil.example?@" + app + "/", "https://evil.example\\@" + app + "/",
                "https://" + app + ".evil.example/", "https://" + app + "%2Eevil.example/", "https://ｅｖｉｌ.example/",
                "https://" + app.replace('a', 'ａ') + "/", "https://xn--vil-8na.example/", "https://evil.example／" + app,
                "javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "http://" + app + "/downgraded",
                "HTTP://" + app + "/downgraded", "https://" + app + ":8444/other-port", "https://" + app + ":80/",
                "https://" + app + ":0/", "https://127.0.0.1/", "https://[::1]/", "//" + app + "@evil.example");
    }

    @BeforeAll
    static void start() throws Exception {
        gateway = ProductionGateway.start(1);
        gateway.user("rd-user", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void aHostileAddressOnTheLoginPageOrInItsFormIsNeverFollowedNorIsOneOnLogout(String rd) {
        PortalClient carried = gateway.browser();
        carried.get("/.tollgate/login?rd=" + encode(rd));
        Response signedIn = carried.submit("/.tollgate/login", "username", "rd-user", "password", PASSWORD);
        assertEquals(303, signedIn.statusCode(), signedIn.asString());
        assertStaysOnTheGateway(signedIn.header("Location"), rd);

        PortalClient slipped = gateway.browser();
        slipped.get("/.tollgate/login");
        Response slippedIn = slipped.submit("/.tollgate/login", "username", "rd-user", "password", PASSWORD, "rd", rd);
        if (rd.indexOf('\u0000') >= 0) {
            // No form field may hold a NUL: the whole form is refused before it is read.
            assertEquals(400, slippedIn.statusCode(), slippedIn.asString());
            assertLinksStayOnTheGateway(slippedIn, rd);
        } else {
            assertEquals(303, slippedIn.statusCode(), slippedIn.asString());
            assertStaysOnTheGateway(slippedIn.header("Location"), rd);
        }

        // Logout takes no return address: it ends on the "signed out" page, whose links stay here.
        assertLinksStayOnTheGateway(carried.get("/.tollgate/logout?rd=" + encode(rd)), rd);
        Response loggedOut = carried.submit("/.tollgate/logout", "rd", rd);
        assertEquals(rd.indexOf('\u0000') >= 0 ? 400 : 200, loggedOut.statusCode(), loggedOut.asString());
        assertTrue(rd.indexOf('\u0000') >= 0 || loggedOut.asString().contains("You are signed out"), loggedOut.asString());
        assertLinksStayOnTheGateway(loggedOut, rd);
    }

    private static void assertLinksStayOnTheGateway(Response page, String hostile) {
        assertTrue(page.header("Location") == null, page.header("Location"));
        java.util.regex.Matcher links = java.util.regex.Pattern.compile("(?:href|action)=\"([^\"]*)\"").matcher(page.asString());
        while (links.find()) {
            assertStaysOnTheGateway(links.group(1).replace("&amp;", "&"), hostile);
        }
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void aHostileOriginalRequestInAForwardAuthCheckIsNeverAllowedNorSentOffTheHost(String uri) throws Exception {
        String path = uri.startsWith("/") ? uri : "/" + uri;
        Wire.Answer answer = Wire.send(gateway.port(), Wire.TRUSTED_PROXY, ("GET /.tollgate/api/authz/forward-auth HTTP/1.1\r\n"
                + "Host: tollgate\r\nX-Forwarded-Method: GET\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: "
                + ProductionGateway.CHECKED + "\r\nX-Forwarded-Uri: " + path.replace("\r", "").replace("\n", "")
                + "\r\nX-Forwarded-For: 192.0.2.7\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        assertNotEquals(200, answer.status(), answer.head());
        String location = answer.header("Location");
        if (location != null && !location.startsWith("/.tollgate/")) {
            // The path as an upstream would read it (dot segments, repeated slashes), on the same host.
            assertEquals(308, answer.status(), answer.head());
            assertIsAPathOfThisHost(location);
        } else if (location != null) {
            assertStaysOnTheGateway(location, uri);
            int rdAt = location.indexOf("rd=");
            if (rdAt >= 0) {
                URI back = URI.create(URLDecoder.decode(location.substring(rdAt + 3), StandardCharsets.UTF_8));
                assertEquals(ProductionGateway.CHECKED, back.getHost(), location);
                assertEquals("https", back.getScheme(), location);
                assertEquals(-1, back.getPort(), location);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "evil.example", "checked.example.test.evil.example", "checked.example.test@evil.example",
        "evil.example#checked.example.test", "checked.example.test:8444", "ｃhecked.example.test", "checked.example.test\t" })
    void aForwardAuthCheckForAnotherHostIsNeverAllowedNorSentThere(String host) throws Exception {
        Wire.Answer answer = Wire.send(gateway.port(), Wire.TRUSTED_PROXY, ("GET /.tollgate/api/authz/forward-auth HTTP/1.1\r\n"
                + "Host: tollgate\r\nX-Forwarded-Method: GET\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: " + host
                + "\r\nX-Forwarded-Uri: /\r\nX-Forwarded-For: 192.0.2.7\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertNotEquals(200, answer.status(), answer.head());
        String location = answer.header("Location");
        // A port the trusted proxy reports is the one the browser used: the way back keeps it.
        assertTrue(location == null || !URLDecoder.decode(location, StandardCharsets.UTF_8).contains("evil"), location);
    }

    /** Where a browser would go from this Location: a path of this host, or https on one of the gateway's hosts. */
    private static void assertStaysOnTheGateway(String location, String hostile) {
        assertTrue(location != null && !location.isEmpty(), "a Location");
        for (char c : location.toCharArray()) {
            assertTrue(c > 0x20 && c < 0x7f && c != '\\', "a plain visible ASCII Location, got " + location);
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (location.startsWith("/")) {
            assertIsAPathOfThisHost(location);
        } else {
            URI where = URI.create(location);
            assertEquals("https", where.getScheme(), "never downgraded: " + location);
            assertTrue(where.getHost() != null && where.getHost().endsWith(".example.test"), location);
            assertEquals(-1, where.getPort(), "no other port: " + location);
            assertTrue(where.getRawUserInfo() == null, location);
        }
        int query = lower.indexOf('?');
        String beforeQuery = query < 0 ? lower : lower.substring(0, query);
        assertTrue(!beforeQuery.contains("evil") && !beforeQuery.contains("script:") && !beforeQuery.startsWith("data:")
                && !beforeQuery.contains("/downgraded") && !beforeQuery.contains("other-port"),
                "the hostile address " + hostile + " was followed: " + location);
    }

    private static void assertIsAPathOfThisHost(String location) {
        assertTrue(location.startsWith("/"), location);
        for (char c : location.toCharArray()) {
            assertTrue(c > 0x20 && c < 0x7f && c != '\\', "a plain visible ASCII Location, got " + location);
        }
        String decoded = URLDecoder.decode(location.substring(0, Math.min(location.length(), 12)), StandardCharsets.UTF_8);
        assertTrue(!decoded.startsWith("//") && !decoded.startsWith("/\\"), "a path of this host, got " + location);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
