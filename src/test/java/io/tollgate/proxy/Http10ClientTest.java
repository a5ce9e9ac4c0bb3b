package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.RawHttp;

@QuarkusTest
class Http10ClientTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aStreamedAnswerReachesAnHttp10ClientWithALength() throws IOException {
        RawHttp.Exchange exchange = get("/download?bytes=5000");
        assertTrue(exchange.head().startsWith("HTTP/1.0 200"), exchange.head());
        assertEquals("5000", exchange.header("content-length"));
        assertEquals(5000, exchange.body().length);
    }

    @Test
    void aLargeStreamedAnswerIsRefusedRatherThanHeldInMemory() throws IOException {
        RawHttp.Exchange exchange = get("/download?bytes=" + (8 * 1024 * 1024));
        assertTrue(exchange.head().startsWith("HTTP/1.0 502"), exchange.head());
        assertTrue(exchange.body().length < Http10Responses.LIMIT, "the error page, not the body");
    }

    private RawHttp.Exchange get(String path) throws IOException {
        return RawHttp.send(gateway, "GET " + path + " HTTP/1.0\r\nHost: alpha.test\r\n");
    }
}
