package io.tollgate.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.tollgate.testing.PortalClient;
import io.tollgate.testing.ProductionGateway;
import io.tollgate.totp.Totp;

/**
 * Every field of the portal's forms filled with what an attacker would send — SQL
 * metacharacters, 100 kB, NUL, bytes that are not UTF-8, overlong and surrogate encodings —
 * gets a clear answer (a page or a 4xx), never a 500, a hang or a stack trace; the gateway
 * serves the next user as before, and the signed-in user who sent it keeps their session.
 * Oversized headers and bodies are refused with their own status; a hundred clients sending
 * their headers a byte at a time hold no one else up.
 */
class HostileFieldsIT {

    private static final String PASSWORD = "a long password for hostile fields";
    /** Percent-encoded, as a form body carries them. */
    private static final List<String> HOSTILE = List.of("%27%20OR%20%271%27%3D%271%27%20--%20",
            "%22%3B%20DROP%20TABLE%20users%3B%20--", "x%27%29%3B%20SELECT%20pg_sleep%2810%29%3B--",
            "a".repeat(100 * 1024), "%00", "a%00b", "%FF%FE%FD", "%C3%28", "%C0%AF", "%ED%A0%80", "%F4%90%80%80",
            "%E2%80%AE%E2%80%8B", "%0D%0ASet-Cookie%3A%20x%3Dy", "%3Cscript%3Ealert%281%29%3C%2Fscript%3E",
            "%25%25%25", "%", "%zz", "");

    private static ProductionGateway gateway;
    private static Totp phone;

    @BeforeAll
    static void start() throws Exception {
        // Hostile codes are wrong codes: the suite sends many more than a lock allows.
        gateway = ProductionGateway.start(1, "-Dtollgate.regulation.max-attempts=100000",
                "-Dtollgate.regulation.max-consecutive-failures=100");
        gateway.user("plain", PASSWORD);
        gateway.user("coded", PASSWORD);
        phone = gateway.authenticator("coded", "KRUGKIDROVUWG2ZAMJZG653OEBTG66BANJ2W24DTEBXXMZLSEB2GQZJA");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A form, how a browser reaches it (the client is then on its page), and its fields. */
    private record Form(String action, Supplier<PortalClient> reach, List<String> fields) {
    }

    private static List<Form> forms() {
        return List.of(
                new Form("/.tollgate/login", () -> onPage("/.tollgate/login", null), List.of("username", "password", "rd")),
                new Form("/.tollgate/totp", () -> onPage("/.tollgate/totp", "coded"), List.of("code", "trust", "rd")),
                new Form("/.tollgate/recovery", () -> onPage("/.tollgate/recovery", "coded"), List.of("code")),
                new Form("/.tollgate/enroll", () -> onPage("/.tollgate/enroll", "plain"), List.of("name", "code")),
                new Form("/.tollgate/account/keys/new", () -> onPage("/.tollgate/account/keys/new", "plain"),
                        List.of("form", "name", "validity")),
                new Form("/.tollgate/logout", () -> onPage("/.tollgate/logout", "plain"), List.of("csrf")));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Form form : forms()) {
            for (String field : form.fields()) {
                cases.add(Arguments.of(form.action(), field));
            }
        }
        return cases.stream();
    }

    private static PortalClient onPage(String page, String signedInAs) {
        PortalClient browser = gateway.browser();
        if (signedInAs != null) {
            assertEquals(303, browser.signIn(signedInAs, PASSWORD).statusCode());
        }
        assertEquals(200, browser.get(page).statusCode(), page);
        return browser;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyHostileValueInAFormFieldGetsAClearAnswerAndLosesNothing(String action, String field) throws Exception {
        Form form = forms().stream().filter(f -> f.action().equals(action)).findFirst().orElseThrow();
        for (String value : HOSTILE) {
            PortalClient browser = form.reach().get();
            String cookies = cookieHeader(browser);
            StringBuilder body = new StringBuilder();
            for (Map.Entry<String, String> hidden : browser.hiddenFields().entrySet()) {
                if (!hidden.getKey().equals(field)) {
                    body.append(hidden.getKey()).append('=').append(encode(hidden.getValue())).append('&');
                }
            }
            for (String other : form.fields()) {
                if (!other.equals(field) && !browser.hiddenFields().containsKey(other)) {
                    body.append(other).append("=ordinary&");
                }
            }
            body.append(field).append('=').append(value);
            byte[] bytes = body.toString().getBytes(StandardCharsets.ISO_8859_1);
            Wire.Answer answer = Wire.send(gateway.port(), Wire.TRUSTED_PROXY, ("POST " + action + " HTTP/1.1\r\nHost: "
                    + ProductionGateway.APP + "\r\nX-Forwarded-Proto: https\r\nContent-Type: application/x-www-form-urlencoded"
                    + "\r\nContent-Length: " + bytes.length + "\r\nCookie: " + cookies + "\r\nConnection: close\r\n\r\n"
                    + body).getBytes(StandardCharsets.ISO_8859_1));
            String what = action + " " + field + "=" + abbreviated(value) + ": " + answer.head();
            assertTrue(Set.of(200, 303, 400, 401, 403, 413, 422, 429).contains(answer.status()), what);
            assertTrue(!answer.body().contains("Exception") && !answer.body().contains("at io.")
                    && !answer.body().contains("SQLState") && !answer.body().contains("syntax error"),
                    what + "\n" + answer.body());
            assertTrue(answer.header("Set-Cookie") == null || !answer.head().contains("x=y"), what);
            if (!action.endsWith("/logout") && !(action.endsWith("/login")) && answer.status() != 303) {
                // A refused change leaves the user signed in where they were.
                assertEquals(200, browser.get(action.endsWith("/keys/new") ? "/.tollgate/account" : action).statusCode(),
                        "still there after " + what);
            }
        }
        assertEquals(200, gateway.browser().get("/.tollgate/login").statusCode(), "the gateway serves the next user");
        String logs = gateway.logs();
        assertTrue(!logs.contains(" ERROR ") && !logs.contains("Exception"), "no error logged:\n" + tail(logs));
    }

    @Test
    void oversizedHeadersAndBodiesAtThePortalAreRefusedWithTheirOwnStatus() throws Exception {
        Wire.Answer bigHeader = Wire.send(gateway.port(), "GET /.tollgate/login HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nX-Big: " + "h".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, bigHeader.status(), bigHeader.head());
        Wire.Answer manyCookies = Wire.send(gateway.port(), "GET /.tollgate/login HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nCookie: " + "c=1; ".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, manyCookies.status(), manyCookies.head());
        Wire.Answer longTarget = Wire.send(gateway.port(), "GET /.tollgate/login?rd=" + "r".repeat(64 * 1024)
                + " HTTP/1.1\r\nHost: " + ProductionGateway.APP + "\r\nConnection: close\r\n\r\n");
        assertEquals(414, longTarget.status(), longTarget.head());
        for (String action : List.of("/.tollgate/login", "/.tollgate/totp", "/.tollgate/account/keys/new")) {
            Wire.Answer bigBody = postOf(action, 2 * 1024 * 1024);
            assertEquals(413, bigBody.status(), action + ": " + bigBody.head());
        }
        // The console's forms too (before any sign-in is checked), with Quarkus' 10 MiB as their bound.
        Wire.Answer consoleEscape = Wire.send(gateway.port(), "POST /.tollgate/admin/policy HTTP/1.1\r\nHost: "
                + ProductionGateway.APP + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 6"
                + "\r\nConnection: close\r\n\r\ndata=%");
        assertEquals(400, consoleEscape.status(), consoleEscape.head());
        assertEquals(413, postOf("/.tollgate/admin/policy", 11 * 1024 * 1024).status());
        // More fields than the form parser takes, and a charset it cannot name: refused, not a 500.
        String fields = "a=1&".repeat(1200) + "b=2";
        Wire.Answer many = Wire.send(gateway.port(), "POST /.tollgate/login HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + fields.length()
                + "\r\nConnection: close\r\n\r\n" + fields);
        assertEquals(400, many.status(), many.head());
        Wire.Answer charset = Wire.send(gateway.port(), "POST /.tollgate/login HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nContent-Type: application/x-www-form-urlencoded; charset=bogus\r\nContent-Length: 14"
                + "\r\nConnection: close\r\n\r\nusername=a%20b");
        assertEquals(400, charset.status(), charset.head());
        Wire.Answer chunked = Wire.send(gateway.port(), "POST /.tollgate/login HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "9\r\nusername=\r\n0\r\n\r\n");
        assertEquals(411, chunked.status(), chunked.head());
        assertEquals(200, gateway.browser().get("/.tollgate/login").statusCode());
    }

    @Test
    void aFormSentAfter100ContinueIsAskedForOnceAndTaken() throws Exception {
        PortalClient browser = onPage("/.tollgate/login", null);
        StringBuilder form = new StringBuilder();
        browser.hiddenFields().forEach((name, value) -> form.append(name).append('=').append(encode(value)).append('&'));
        form.append("username=plain&password=").append(encode(PASSWORD));
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /.tollgate/login HTTP/1.1\r\nHost: " + ProductionGateway.APP + "\r\nX-Forwarded-Proto: https"
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                    + "\r\nExpect: 100-continue\r\nCookie: " + cookieHeader(browser) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] interim = new byte[25];
            assertEquals(25, socket.getInputStream().readNBytes(interim, 0, 25));
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(interim, StandardCharsets.US_ASCII));
            out.write(form.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 303"), answer);
            assertTrue(!answer.contains("100 Continue"), "asked for once: " + answer);
        }
    }

    /** A form post announcing this many bytes; refused on the announcement, before any of them is sent. */
    private static Wire.Answer postOf(String action, int size) throws IOException {
        PortalClient browser = onPage("/.tollgate/login", null);
        return Wire.send(gateway.port(), "POST " + action + " HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nX-Forwarded-Proto: https\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + size + "\r\nCookie: " + cookieHeader(browser) + "\r\n\r\n");
    }

    @Test
    void clientsSendingTheirHeadersAByteAtATimeHoldNoOneElseUp() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
                socket.getOutputStream().write(("GET /.tollgate/login HTTP/1.1\r\nHost: " + ProductionGateway.APP + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            for (int round = 0; round < 5; round++) {
                for (Socket socket : slow) {
                    OutputStream out = socket.getOutputStream();
                    out.write('X');
                    out.flush();
                }
                long start = System.nanoTime();
                assertEquals(200, gateway.browser().get("/.tollgate/login").statusCode());
                assertEquals(303, gateway.browser().signIn("plain", PASSWORD).statusCode());
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMillis < 5_000, "a sign-in beside 100 slow clients took " + tookMillis + " ms");
                Thread.sleep(200);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static String cookieHeader(PortalClient browser) {
        StringBuilder cookies = new StringBuilder();
        for (String name : List.of("__Host-tollgate_session", "__Host-tollgate_device")) {
            if (browser.cookie(name) != null) {
                cookies.append(cookies.length() == 0 ? "" : "; ").append(name).append('=').append(browser.cookie(name));
            }
        }
        return cookies.toString();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 20) + "…(" + value.length() + " chars)" : value;
    }

    private static String tail(String logs) {
        return logs.length() > 6000 ? logs.substring(logs.length() - 6000) : logs;
    }
}
