package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class Http10ClientTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aStreamedAnswerReachesAnHttp10ClientWithALength() throws IOException {
        Exchange exchange = get("/download?bytes=5000");
        assertTrue(exchange.head.startsWith("HTTP/1.0 200"), exchange.head);
        assertTrue(exchange.head.toLowerCase().contains("content-length: 5000"), exchange.head);
        assertEquals(5000, exchange.body.length);
    }

    @Test
    void aLargeStreamedAnswerIsRefusedRatherThanHeldInMemory() throws IOException {
        Exchange exchange = get("/download?bytes=" + (8 * 1024 * 1024));
        assertTrue(exchange.head.startsWith("HTTP/1.0 502"), exchange.head);
        assertTrue(exchange.body.length < Http10Responses.LIMIT, "the error page, not the body");
    }

    private record Exchange(String head, byte[] body) {
    }

    private Exchange get(String path) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: alpha.test\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            byte[] body = new byte[bytes.length - split - 4];
            System.arraycopy(bytes, split + 4, body, 0, body.length);
            return new Exchange(text.substring(0, split), body);
        }
    }
}
