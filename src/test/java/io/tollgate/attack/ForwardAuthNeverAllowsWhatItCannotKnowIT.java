package io.tollgate.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.tollgate.testing.ProductionGateway;

/**
 * Forward-auth checks made with a fully signed-in user's session cookie, so that a 200 would
 * be a real pass: from a peer that is not a trusted proxy, with a forwarded header missing,
 * repeated or malformed, with a method not in upper case, or saying the request came over
 * http although the cookie is a Secure one a browser sends over https only — never 200, and
 * never an identity in the answer.
 */
class ForwardAuthNeverAllowsWhatItCannotKnowIT {

    private static ProductionGateway gateway;
    private static String cookie;

    @BeforeAll
    static void start() throws Exception {
        gateway = ProductionGateway.start(1);
        cookie = gateway.signedInWithCode("bob", "bob's long enough password", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Map<String, String> valid() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Forwarded-Method", "GET");
        headers.put("X-Forwarded-Proto", "https");
        headers.put("X-Forwarded-Host", ProductionGateway.CHECKED);
        headers.put("X-Forwarded-Uri", "/report");
        headers.put("X-Forwarded-For", "192.0.2.40");
        headers.put("Cookie", cookie);
        return headers;
    }

    private static Wire.Answer check(String endpoint, Map<String, String> headers, java.net.InetAddress from)
            throws Exception {
        StringBuilder request = new StringBuilder("GET /.tollgate/api/authz/" + endpoint + " HTTP/1.1\r\nHost: tollgate\r\n");
        headers.forEach((name, value) -> {
            // A backslash-n in a case stands for the header repeated on another line.
            for (String one : value.split(java.util.regex.Pattern.quote("\\n"), -1)) {
                request.append(name).append(": ").append(one).append("\r\n");
            }
        });
        request.append("Connection: close\r\n\r\n");
        return Wire.send(gateway.port(), from, request.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(Wire.Answer answer) {
        assertNotEquals(200, answer.status(), answer.head());
        assertTrue(answer.status() >= 300, answer.head());
        assertEquals(null, answer.header("Remote-User"), answer.head());
    }

    @Test
    void theSameCheckFromTheTrustedProxyPasses() throws Exception {
        Wire.Answer answer = check("forward-auth", valid(), Wire.TRUSTED_PROXY);
        assertEquals(200, answer.status(), answer.head());
        assertEquals("bob", answer.header("Remote-User"));
    }

    @Test
    void aCheckFromAPeerThatIsNotATrustedProxyIsRefusedOnEveryEndpoint() throws Exception {
        assertRefused(check("forward-auth", valid(), Wire.SOMEONE_ELSE));
        Map<String, String> nginx = Map.of("X-Original-URL", "https://" + ProductionGateway.CHECKED + "/report",
                "X-Original-Method", "GET", "X-Forwarded-For", "192.0.2.40", "Cookie", cookie);
        assertEquals(200, check("auth-request", nginx, Wire.TRUSTED_PROXY).status(), "the nginx form passes from the proxy");
        assertRefused(check("auth-request", nginx, Wire.SOMEONE_ELSE));
        Wire.Answer envoy = Wire.send(gateway.port(), Wire.SOMEONE_ELSE, ("GET /.tollgate/api/authz/ext-authz/report HTTP/1.1\r\n"
                + "Host: " + ProductionGateway.CHECKED + "\r\nX-Forwarded-Proto: https\r\nX-Forwarded-For: 192.0.2.40\r\nCookie: "
                + cookie + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertRefused(envoy);
    }

    @ParameterizedTest
    @ValueSource(strings = { "X-Forwarded-Method", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Uri",
        "X-Forwarded-For" })
    void aCheckWithoutOneForwardedHeaderIsRefused(String missing) throws Exception {
        Map<String, String> headers = valid();
        headers.remove(missing);
        assertRefused(check("forward-auth", headers, Wire.TRUSTED_PROXY));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "X-Forwarded-Method|get", "X-Forwarded-Method|Get", "X-Forwarded-Method|GET /x", "X-Forwarded-Method|''",
        "X-Forwarded-Method|GET\\nPOST", "X-Forwarded-Method|G\tET",
        "X-Forwarded-Proto|ftp", "X-Forwarded-Proto|https, http", "X-Forwarded-Proto|https\\nhttps", "X-Forwarded-Proto|http",
        "X-Forwarded-Proto|HTTP", "X-Forwarded-Proto|''",
        "X-Forwarded-Host|checked.example.test, evil.example", "X-Forwarded-Host|checked.example.test\\nevil.example",
        "X-Forwarded-Host|checked.example.test@evil.example", "X-Forwarded-Host|''", "X-Forwarded-Host|evil.example",
        "X-Forwarded-Uri|report", "X-Forwarded-Uri|https://checked.example.test/report", "X-Forwarded-Uri|''",
        "X-Forwarded-Uri|/report\\n/other", "X-Forwarded-Uri|/..%2f.tollgate/api/authz/forward-auth" })
    void aCheckWithAMalformedRepeatedOrDowngradedHeaderIsNeverAllowed(String name, String value) throws Exception {
        Map<String, String> headers = valid();
        headers.put(name, value);
        assertRefused(check("forward-auth", headers, Wire.TRUSTED_PROXY));
    }

    @ParameterizedTest
    @ValueSource(strings = { "get", "Get", "pOST" })
    void aLowerCaseMethodIsRefusedInEveryConventionAndByTheProxyToo(String method) throws Exception {
        Map<String, String> nginx = Map.of("X-Original-URL", "https://" + ProductionGateway.CHECKED + "/report",
                "X-Original-Method", method, "X-Forwarded-For", "192.0.2.40", "Cookie", cookie);
        assertRefused(check("auth-request", nginx, Wire.TRUSTED_PROXY));
        Wire.Answer envoy = Wire.send(gateway.port(), Wire.TRUSTED_PROXY, (method + " /.tollgate/api/authz/ext-authz/report "
                + "HTTP/1.1\r\nHost: " + ProductionGateway.CHECKED + "\r\nX-Forwarded-Proto: https\r\nX-Forwarded-For: "
                + "192.0.2.40\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertRefused(envoy);
        int before = gateway.upstream.count();
        Wire.Answer proxied = Wire.send(gateway.port(), method + " /report HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nX-Forwarded-Proto: https\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n");
        assertEquals(400, proxied.status(), proxied.head());
        assertEquals(before, gateway.upstream.count(), "nothing reached the upstream");
    }

    @Test
    void aSecureSessionCookieOnARequestSaidToComeOverHttpIsNoSession() throws Exception {
        Map<String, String> headers = valid();
        headers.put("X-Forwarded-Proto", "http");
        Wire.Answer forwardAuth = check("forward-auth", headers, Wire.TRUSTED_PROXY);
        assertRefused(forwardAuth);
        assertTrue(forwardAuth.header("Location").contains("/.tollgate/login"), forwardAuth.head());
        Map<String, String> nginx = Map.of("X-Original-URL", "http://" + ProductionGateway.CHECKED + "/report",
                "X-Original-Method", "GET", "X-Forwarded-For", "192.0.2.40", "Cookie", cookie);
        assertEquals(401, check("auth-request", nginx, Wire.TRUSTED_PROXY).status());
        // In proxy mode too: the same cookie over plain http opens nothing.
        Wire.Answer proxied = Wire.send(gateway.port(), "GET /report HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n");
        assertEquals(302, proxied.status(), proxied.head());
        // Nor on the portal's pages, and the log says what to configure.
        Wire.Answer account = Wire.send(gateway.port(), "GET /.tollgate/account HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n");
        assertEquals(303, account.status(), account.head());
        assertTrue(account.header("Location").contains("/.tollgate/login"), account.head());
        assertTrue(gateway.logs().contains("A session cookie arrived over plain http and was ignored"), "warned");
    }
}
