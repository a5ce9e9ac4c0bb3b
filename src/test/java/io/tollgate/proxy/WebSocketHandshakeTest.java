package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.RawHttp;
import io.tollgate.testing.UpstreamTestResource;
import io.vertx.core.MultiMap;

/**
 * A tunnel opens only on a complete WebSocket handshake (RFC 6455 §4.1). The upstream here
 * keeps reading HTTP after its 101, as a server would that never switched protocols: a blind
 * tunnel would let the client talk to it directly ("WebSocket smuggling").
 */
@QuarkusTest
class WebSocketHandshakeTest {

    /** The example of RFC 6455 §1.3. */
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static final String UPGRADE = "GET /chat HTTP/1.1\r\nHost: down.test\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";

    private static final String SMUGGLED = "GET /internal/admin HTTP/1.1\r\nHost: internal\r\n\r\n";

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void theAcceptValueIsTheOneOfTheRfc() {
        assertEquals(ACCEPT, WebSocketTunnel.expectedAccept(KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = { "no accept", "wrong accept", "accept echoes the key", "no upgrade", "upgrade h2c",
        "no connection", "two accepts" })
    void aSwitchWithoutAValidHandshakeIsAnsweredBadGatewayAndNeverTunnelled(String variant) throws Exception {
        String answer = "HTTP/1.1 101 Switching Protocols\r\n" + switch (variant) {
            case "no accept" -> "Upgrade: websocket\r\nConnection: Upgrade\r\n";
            case "wrong accept" -> "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + WebSocketTunnel.expectedAccept("AAAAAAAAAAAAAAAAAAAAAA==") + "\r\n";
            case "accept echoes the key" -> "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                    + KEY + "\r\n";
            case "no upgrade" -> "Connection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\n";
            case "upgrade h2c" -> "Upgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\n";
            case "no connection" -> "Upgrade: websocket\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\n";
            case "two accepts" -> "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT
                    + "\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\n";
            default -> throw new IllegalArgumentException(variant);
        } + "\r\n";
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write(head.startsWith("GET /chat ") ? answer
                        : "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\ninternal-data"));
                Socket client = connect()) {
            OutputStream out = client.getOutputStream();
            out.write(ascii(UPGRADE + "Sec-WebSocket-Key: " + KEY + "\r\n\r\n"));
            String head = readHead(client.getInputStream());
            // What a client that believes it has a tunnel sends next.
            try {
                out.write(ascii(SMUGGLED));
            } catch (IOException closed) {
                // The gateway has closed the connection already: fine.
            }
            String rest = readUntilClosed(client);
            assertEquals("502", head.substring(9, 12), head);
            assertFalse(rest.contains("internal-data"), rest);
            Thread.sleep(200);
            assertEquals(1, upstream.heads().size(), upstream.heads().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Sec-WebSocket-Key: c2hvcnQ=\r\n",
        "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==\r\n",
        "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAAAA\r\n",
        "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Key: " + KEY + "\r\n" })
    void anUpgradeWithoutOneProperKeyIsRefusedBeforeTheUpstream(String keyLines) throws Exception {
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write("HTTP/1.1 101 Switching Protocols\r\n\r\n"))) {
            RawHttp.Exchange exchange = RawHttp.send(gateway, UPGRADE + keyLines);
            assertEquals(400, exchange.status(), exchange.head());
            assertTrue(upstream.heads().isEmpty(), upstream.heads().toString());
        }
    }

    @Test
    void aValidHandshakeTunnelsWithoutTheGatewaysCookies() throws Exception {
        String answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + ACCEPT + "\r\nSet-Cookie: tollgate_session=fixed\r\n"
                + "Set-Cookie: app=1\r\n\r\n";
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write(answer));
                Socket client = connect()) {
            client.getOutputStream().write(ascii(UPGRADE + "Sec-WebSocket-Key: " + KEY + "\r\n\r\n"));
            MultiMap headers = headers(readHead(client.getInputStream()));
            assertEquals("101", headers.get(":status"));
            assertEquals(ACCEPT, headers.get("sec-websocket-accept"));
            assertEquals("websocket", headers.get("upgrade").toLowerCase(Locale.ROOT));
            assertEquals(List.of("app=1"), headers.getAll("set-cookie"));
        }
    }

    @Test
    void aRefusedUpgradeComesBackAsAnsweredWithoutTheGatewaysCookies() throws Exception {
        String answer = "HTTP/1.1 403 Forbidden\r\nSet-Cookie: tollgate_session=fixed\r\nSet-Cookie: app=1\r\n"
                + "Content-Length: 2\r\n\r\nno";
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write(answer))) {
            RawHttp.Exchange exchange = RawHttp.send(gateway,
                    UPGRADE + "Sec-WebSocket-Key: " + KEY + "\r\nConnection: close\r\n");
            assertEquals(403, exchange.status(), exchange.head());
            assertEquals("app=1", exchange.header("set-cookie"));
            assertNull(headers(exchange.head()).get("upgrade"));
            assertEquals("no", new String(exchange.body(), StandardCharsets.ISO_8859_1));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whatever comes until the gateway closes the connection, or 2 s of silence. */
    private static String readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(2_000);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) >= 0;) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | SocketException stillOpenOrReset) {
            // Silence or a reset ends the reading too.
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** The status as ":status", then the headers. */
    private static MultiMap headers(String head) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        String[] lines = head.split("\r\n");
        headers.add(":status", lines[0].substring(9, 12));
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }
}
