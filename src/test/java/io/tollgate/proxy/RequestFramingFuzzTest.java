package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;

/**
 * Transfer-Encoding and Content-Length as a smuggler would write them: a request is let
 * through only with one framing the gateway and any upstream read alike — one plain decimal
 * Content-Length, or HTTP/1.1 chunked alone and last, never both, never a body on a
 * WebSocket handshake; nothing escapes.
 */
class RequestFramingFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void aRequestPassesOnlyWithOneUnambiguousFraming(FuzzedDataProvider data) {
        HttpVersion version = data.pickValue(List.of(HttpVersion.HTTP_1_0, HttpVersion.HTTP_1_1, HttpVersion.HTTP_2));
        boolean webSocket = data.consumeBoolean();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        int encodings = data.consumeInt(0, 2);
        int lengths = data.consumeInt(0, 2);
        for (int i = 0; i < encodings; i++) {
            headers.add(HttpHeaders.TRANSFER_ENCODING, data.consumeString(40));
        }
        for (int i = 0; i < lengths; i++) {
            headers.add(HttpHeaders.CONTENT_LENGTH, data.consumeString(25));
        }
        RequestFraming.Decision decision = RequestFraming.screen(version, headers, webSocket);
        if (!decision.accepted()) {
            return;
        }
        assertFalse(encodings > 0 && lengths > 0, "both framings let through");
        assertFalse(webSocket && decision.hasBody(), "a body on a WebSocket handshake");
        if (encodings > 0) {
            assertEquals(1, encodings);
            assertEquals(HttpVersion.HTTP_1_1, version);
            assertTrue(headers.get(HttpHeaders.TRANSFER_ENCODING).trim().equalsIgnoreCase("chunked"),
                    headers.get(HttpHeaders.TRANSFER_ENCODING));
        }
        if (lengths > 0) {
            assertEquals(1, lengths);
            assertTrue(headers.get(HttpHeaders.CONTENT_LENGTH).trim().matches("[0-9]{1,18}"),
                    headers.get(HttpHeaders.CONTENT_LENGTH));
        }
    }
}
