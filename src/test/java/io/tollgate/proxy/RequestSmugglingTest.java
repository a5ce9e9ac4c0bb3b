package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.RecordingUpstream;
import io.tollgate.testing.UpstreamTestResource;

/**
 * Requests whose body length is ambiguous never reach an upstream: each is answered 400 (or
 * 501) and its connection closed, and the upstream, which parses its connections strictly by
 * the declared length, sees exactly the requests that were allowed and nothing smuggled.
 */
@QuarkusTest
class RequestSmugglingTest {

    /**
     * What an attacker hides after the body, hoping it is read as a request of its own. It asks
     * for a bypass path, so only the framing rules can keep it from the upstream.
     */
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: strict.test\r\n\r\n";

    @TestHTTPResource("/")
    URL gateway;

    static Stream<Arguments> hostileRequests() {
        String chunkedBody = "4\r\nabcd\r\n0\r\n\r\n";
        return Stream.of(
                hostile("HTTP/1.0 with chunked and a Content-Length (the reproduction)", 400,
                        "POST / HTTP/1.0\r\nHost: strict.test\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n"
                                + "Connection: keep-alive\r\n\r\n" + chunkedBody + SMUGGLED),
                hostile("HTTP/1.0 with chunked alone", 400,
                        "POST / HTTP/1.0\r\nHost: strict.test\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody
                                + SMUGGLED),
                hostile("chunked not the final coding", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: chunked, identity\r\n\r\n"
                                + chunkedBody + SMUGGLED),
                hostile("an unknown coding", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: xchunked\r\n\r\n" + chunkedBody
                                + SMUGGLED),
                hostile("chunked twice in a list", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"
                                + chunkedBody + SMUGGLED),
                hostile("Transfer-Encoding repeated", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: chunked\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n" + chunkedBody + SMUGGLED),
                hostile("Transfer-Encoding repeated with identity", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: identity\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n" + chunkedBody + SMUGGLED),
                hostile("an empty element in the list", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: , chunked\r\n\r\n" + chunkedBody
                                + SMUGGLED),
                hostile("a coding the gateway does not forward", 501,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                                + chunkedBody + SMUGGLED),
                hostile("Content-Length repeated, different values", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nContent-Length: 4\r\nContent-Length: 80\r\n\r\nabcd"
                                + SMUGGLED),
                hostile("Content-Length repeated, same value", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd"
                                + SMUGGLED),
                hostile("Content-Length as a list", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nContent-Length: 4, 4\r\n\r\nabcd" + SMUGGLED),
                hostile("Content-Length with a sign", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nContent-Length: +4\r\n\r\nabcd" + SMUGGLED),
                hostile("Content-Length negative", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nContent-Length: -1\r\n\r\nabcd" + SMUGGLED),
                hostile("Content-Length in hex", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nContent-Length: 0x4\r\n\r\nabcd" + SMUGGLED),
                hostile("Content-Length with a space inside", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nContent-Length: 4 4\r\n\r\nabcd" + SMUGGLED),
                hostile("Content-Length too long to be a length", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nContent-Length: 99999999999999999999\r\n\r\nabcd"
                                + SMUGGLED),
                hostile("whitespace before the colon", 400,
                        "POST / HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding : chunked\r\nContent-Length: 4\r\n\r\n"
                                + chunkedBody + SMUGGLED),
                hostile("WebSocket handshake with a body", 400,
                        "GET / HTTP/1.1\r\nHost: strict.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                + "Content-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED),
                hostile("WebSocket handshake with a chunked body", 400,
                        "GET / HTTP/1.1\r\nHost: strict.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n" + chunkedBody + SMUGGLED));
    }

    private static Arguments hostile(String name, int status, String bytes) {
        return Arguments.of(name, status, bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void ambiguousFramingIsRefusedAndTheConnectionClosed(String name, int status, String bytes) throws IOException {
        RecordingUpstream upstream = UpstreamTestResource.recorder();
        int before = upstream.count();
        Answer answer = exchange(bytes);
        assertEquals(status, answer.status(), name + ": " + answer.head());
        assertTrue(answer.closed(), name + ": the connection must be closed after the refusal");
        assertEquals(before, upstream.count(), name + ": the upstream must see nothing, saw " + upstream.requests());
        assertNoSmuggledRequest(upstream);
    }

    @Test
    void hostileFramingAnsweredInJsonToApiClients() throws IOException {
        Answer answer = exchange("POST / HTTP/1.0\r\nHost: strict.test\r\nAccept: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n4\r\nabcd\r\n0\r\n\r\n");
        assertEquals(400, answer.status());
        assertTrue(answer.text().contains("\"error\":\"bad_request\""), answer.text());
    }

    @Test
    void chunkedAndContentLengthOnHttp11AreReadAsChunkedAndTheConnectionThenClosed() throws IOException {
        // The server's parser drops the Content-Length of an HTTP/1.1 message that is chunked
        // (RFC 9112 §6.3): what goes upstream is the one chunked body, without the length. A
        // proxy in front may have read the same bytes by their length, so what follows is never
        // read as a request: the answer closes the connection (RFC 9112 §6.1).
        RecordingUpstream upstream = UpstreamTestResource.recorder();
        int before = upstream.count();
        Answer answer = exchange("POST /tc HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 4\r\n\r\n9\r\nabcdefghi\r\n0\r\n\r\n" + SMUGGLED);
        assertEquals(200, answer.status(), answer.head());
        assertTrue(answer.head().toLowerCase(Locale.ROOT).contains("\r\nconnection: close"), answer.head());
        assertTrue(answer.closed(), "the connection must be closed after the answer");
        assertEquals(1, answer.text().split("HTTP/1.1 ", -1).length - 1, "one answer only: " + answer.text());
        List<RecordingUpstream.Recorded> seen = upstream.requests().subList(before, upstream.count());
        assertEquals(1, seen.size(), seen.toString());
        assertEquals("/tc", seen.get(0).target());
        assertEquals("abcdefghi", seen.get(0).bodyText());
        assertEquals(null, seen.get(0).header("content-length"));
        assertNoSmuggledRequest(upstream);
    }

    @Test
    void aChunkedRequestIsAnsweredAndItsConnectionClosedEvenWithoutContentLength() throws IOException {
        // With or without a Content-Length the parser hands over the same request: both close.
        RecordingUpstream upstream = UpstreamTestResource.recorder();
        Answer answer = exchange("POST /only-chunked HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n" + SMUGGLED);
        assertEquals(200, answer.status(), answer.head());
        assertTrue(answer.closed(), "the connection must be closed after the answer");
        assertNoSmuggledRequest(upstream);
    }

    @Test
    void aChunkedRequestToThePortalAlsoClosesItsConnection() throws IOException {
        RecordingUpstream upstream = UpstreamTestResource.recorder();
        Answer answer = exchange("POST /.tollgate/login HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\n5\r\nu=a&p\r\n0\r\n\r\n" + SMUGGLED);
        assertTrue(answer.closed(), "the connection must be closed after the answer: " + answer.head());
        assertEquals(1, answer.text().split("HTTP/1.1 ", -1).length - 1, "one answer only: " + answer.head());
        assertNoSmuggledRequest(upstream);
    }

    @Test
    void wellFramedBodiesReachTheUpstreamExactlyAsDeclared() throws IOException {
        RecordingUpstream upstream = UpstreamTestResource.recorder();
        int before = upstream.count();
        assertEquals(200, exchange("POST /by-length HTTP/1.1\r\nHost: strict.test\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\nhello").status());
        assertEquals(200, exchange("POST /chunked HTTP/1.1\r\nHost: strict.test\r\nTransfer-Encoding: Chunked \r\n"
                + "Connection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").status());
        assertEquals(200, exchange("POST /old HTTP/1.0\r\nHost: strict.test\r\nContent-Length: 3\r\n\r\nxyz").status());
        assertEquals(200, exchange("GET /empty HTTP/1.1\r\nHost: strict.test\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n").status());
        List<RecordingUpstream.Recorded> seen = upstream.requests().subList(before, upstream.count());
        assertEquals(List.of("/by-length", "/chunked", "/old", "/empty"),
                seen.stream().map(RecordingUpstream.Recorded::target).toList());
        assertEquals(List.of("hello", "abcde", "xyz", ""), seen.stream().map(RecordingUpstream.Recorded::bodyText).toList());
    }

    @Test
    void aSecondRequestOnTheSameConnectionIsJudgedOnItsOwn() throws IOException {
        // Pipelined after a well-framed request, a request for a denied path is refused, not forwarded.
        RecordingUpstream upstream = UpstreamTestResource.recorder();
        int before = upstream.count();
        Answer answer = exchange("POST /first HTTP/1.1\r\nHost: strict.test\r\nContent-Length: 4\r\n\r\nabcd"
                + "GET /admin/secret HTTP/1.1\r\nHost: strict.test\r\nRemote-User: admin\r\n\r\n"
                + "GET /third HTTP/1.1\r\nHost: strict.test\r\nConnection: close\r\n\r\n");
        assertTrue(answer.text().contains("HTTP/1.1 403"), answer.text());
        // Well-framed requests keep their connection: the third is served too.
        List<RecordingUpstream.Recorded> seen = upstream.requests().subList(before, upstream.count());
        assertEquals(List.of("/first", "/third"), seen.stream().map(RecordingUpstream.Recorded::target).toList());
        assertNoSmuggledRequest(upstream);
    }

    private static void assertNoSmuggledRequest(RecordingUpstream upstream) {
        for (RecordingUpstream.Recorded r : upstream.requests()) {
            if (r.target().equals("/smuggled")) {
                fail("a smuggled request reached the upstream: " + r);
            }
        }
    }

    record Answer(String text, boolean closed) {
        int status() {
            return Integer.parseInt(text.substring(9, 12));
        }

        String head() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    /** Sends the bytes as they are and reads until the gateway closes the connection (or 5 s pass). */
    private Answer exchange(String bytes) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            boolean closed;
            try {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    all.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // reset by the gateway
            }
            return new Answer(all.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }
}
