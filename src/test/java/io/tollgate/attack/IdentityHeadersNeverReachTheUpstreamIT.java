package io.tollgate.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tollgate.testing.ProductionGateway;
import io.tollgate.testing.RecordingUpstream.Recorded;

/**
 * A client's own identity headers never reach the application, however they are spelled or
 * carried: in any case or with '_' for '-', those of other gateways an application may still
 * believe, listed in {@code Connection} (which would make a careless proxy drop the gateway's
 * own), as trailers of a chunked body, in a WebSocket handshake, on HTTP/1.0. A signed-in
 * user's request arrives with exactly the gateway's identity, once.
 */
class IdentityHeadersNeverReachTheUpstreamIT {

    private static final String SPOOF = "spoofed-admin";
    private static ProductionGateway gateway;
    private static String sessionCookie;

    @BeforeAll
    static void start() throws Exception {
        gateway = ProductionGateway.start(1);
        sessionCookie = gateway.signedInWithCode("alice", "alice's long password", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "Remote-User", "Remote_User", "remote-user", "REMOTE_USER", "Remote-Groups", "Remote-Email",
        "Remote-Name", "X-Forwarded-User", "X-Auth-Request-User", "X-Auth-Request-Email", "X-Forwarded-Email",
        "X-Webauth-User", "X-Remote-User", "X-Authenticated-User" })
    void anAnonymousClientsIdentityHeaderNeverReachesABypassRoute(String name) throws Exception {
        String path = "/public/anonymous-" + name;
        Wire.Answer answer = Wire.send(gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\n" + name + ": " + SPOOF + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, answer.status(), answer.head());
        assertNothingSpoofed(recorded(path));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Remote-User", "Remote_User", "REMOTE-USER", "X-Forwarded-User", "X-Auth-Request-User",
        "Remote-Groups" })
    void aSignedInUsersRequestCarriesOnlyTheGatewaysIdentity(String name) throws Exception {
        String path = "/signed-in-" + name;
        Wire.Answer answer = Wire.send(gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nX-Forwarded-Proto: https\r\n" + name + ": " + SPOOF + "\r\n" + name + ": second-" + SPOOF
                + "\r\nCookie: " + sessionCookie + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, answer.status(), answer.head());
        Recorded seen = recorded(path);
        assertNothingSpoofed(seen);
        assertEquals(List.of("alice"), values(seen, "Remote-User"));
    }

    @Test
    void identityHeadersListedInConnectionDoNotRemoveTheGatewaysOwn() throws Exception {
        String path = "/listed-in-connection";
        Wire.Answer answer = Wire.send(gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nX-Forwarded-Proto: https\r\nRemote-User: " + SPOOF
                + "\r\nConnection: close, Remote-User, Remote-Groups, X-Forwarded-For, X-Forwarded-Proto, Cookie\r\nCookie: "
                + sessionCookie + "\r\n\r\n");
        assertEquals(200, answer.status(), answer.head());
        Recorded seen = recorded(path);
        assertNothingSpoofed(seen);
        assertEquals(List.of("alice"), values(seen, "Remote-User"));
        assertEquals(List.of("https"), values(seen, "X-Forwarded-Proto"));
        assertEquals(1, values(seen, "X-Forwarded-For").size(), seen.headerLines().toString());
    }

    @Test
    void identityHeadersSentAsTrailersNeverReachTheUpstream() throws Exception {
        String path = "/public/trailers";
        Wire.Answer answer = Wire.send(gateway.port(), "POST " + path + " HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nTransfer-Encoding: chunked\r\nTrailer: Remote-User, X-Forwarded-User\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n0\r\nRemote-User: " + SPOOF + "\r\nX-Forwarded-User: " + SPOOF + "\r\n\r\n");
        assertEquals(200, answer.status(), answer.head());
        Recorded seen = recorded(path);
        assertEquals("hello", seen.bodyText());
        assertNothingSpoofed(seen);
        assertTrue(seen.trailerLines().stream().noneMatch(line -> line.contains(SPOOF)), seen.trailerLines().toString());
    }

    @Test
    void identityHeadersInAWebSocketHandshakeNeverReachTheUpstream() throws Exception {
        String path = "/public/socket";
        Wire.Answer answer = Wire.send(gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade, Remote-User\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nRemote-User: " + SPOOF + "\r\nRemote_User: " + SPOOF
                + "\r\nX-Auth-Request-User: " + SPOOF + "\r\n\r\n");
        // The recording upstream does not switch protocols: no tunnel, and the handshake it saw is clean.
        assertNotEquals(101, answer.status(), answer.head());
        assertNothingSpoofed(recorded(path));
    }

    @Test
    void identityHeadersOnHttp10NeverReachTheUpstream() throws Exception {
        String path = "/public/http10";
        Wire.Answer answer = Wire.send(gateway.port(), "GET " + path + " HTTP/1.0\r\nHost: " + ProductionGateway.APP
                + "\r\nRemote-User: " + SPOOF + "\r\nRemote_User: " + SPOOF + "\r\nX-Forwarded-User: " + SPOOF + "\r\n\r\n");
        assertEquals(200, answer.status(), answer.head());
        assertNothingSpoofed(recorded(path));
    }

    @Test
    void anIdentityHeaderWithSpaceBeforeItsColonIsRefusedNotPassedOn() throws Exception {
        // Some servers read "Remote-User : x" as Remote-User; it is not a valid field line (RFC 9112 §5.1).
        String path = "/public/space-before-colon";
        Wire.Answer answer = Wire.send(gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: " + ProductionGateway.APP
                + "\r\nRemote-User : " + SPOOF + "\r\nConnection: close\r\n\r\n");
        assertEquals(400, answer.status(), answer.head());
        assertTrue(gateway.upstream.requests().stream().noneMatch(r -> r.target().equals(path)));
    }

    private static Recorded recorded(String path) {
        List<Recorded> matching = gateway.upstream.requests().stream().filter(r -> r.target().equals(path)).toList();
        assertEquals(1, matching.size(), "one request reached the upstream for " + path + ": " + matching);
        return matching.get(0);
    }

    private static void assertNothingSpoofed(Recorded seen) {
        for (String line : seen.headerLines()) {
            assertTrue(!line.contains(SPOOF), "a spoofed header reached the upstream: " + line);
            String name = line.substring(0, Math.max(0, line.indexOf(':'))).toLowerCase(Locale.ROOT).replace('_', '-');
            assertTrue(!name.endsWith("-user") || name.equals("remote-user"), "a user header reached it: " + line);
        }
    }

    private static List<String> values(Recorded seen, String name) {
        List<String> values = new ArrayList<>();
        for (String line : seen.headerLines()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().replace('_', '-').equalsIgnoreCase(name)) {
                values.add(line.substring(colon + 1).trim());
            }
        }
        return values;
    }
}
