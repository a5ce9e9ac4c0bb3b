package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;

/** The framing decision on headers as the server's parser hands them over. */
class RequestFramingTest {

    @ParameterizedTest(name = "{0} | {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // version | Transfer-Encoding values (; separates fields) | Content-Length values | verdict | body
            "HTTP_1_1 | -                  | -        | ACCEPT          | false",
            "HTTP_1_1 | -                  | 0        | ACCEPT          | false",
            "HTTP_1_1 | -                  | 12       | ACCEPT          | true",
            "HTTP_1_1 | chunked            | -        | ACCEPT          | true",
            "HTTP_1_1 | ' CHUNKED '        | -        | ACCEPT          | true",
            "HTTP_1_0 | chunked            | -        | BAD_REQUEST     | false",
            "HTTP_1_0 | chunked            | 4        | BAD_REQUEST     | false",
            "HTTP_1_1 | chunked            | 4        | BAD_REQUEST     | false",
            "HTTP_1_1 | chunked;chunked    | -        | BAD_REQUEST     | false",
            "HTTP_1_1 | 'chunked, chunked' | -        | BAD_REQUEST     | false",
            "HTTP_1_1 | 'chunked, gzip'    | -        | BAD_REQUEST     | false",
            "HTTP_1_1 | identity           | -        | BAD_REQUEST     | false",
            "HTTP_1_1 | ''                 | -        | BAD_REQUEST     | false",
            "HTTP_1_1 | ', chunked'        | -        | BAD_REQUEST     | false",
            "HTTP_1_1 | 'g@zip, chunked'   | -        | BAD_REQUEST     | false",
            "HTTP_1_1 | 'gzip, chunked'    | -        | NOT_IMPLEMENTED | true",
            "HTTP_1_1 | -                  | 4;4      | BAD_REQUEST     | false",
            "HTTP_1_1 | -                  | '4, 4'   | BAD_REQUEST     | false",
            "HTTP_1_1 | -                  | +4       | BAD_REQUEST     | false",
            "HTTP_1_1 | -                  | -4       | BAD_REQUEST     | false",
            "HTTP_1_1 | -                  | 4a       | BAD_REQUEST     | false",
            "HTTP_1_1 | -                  | ''       | BAD_REQUEST     | false",
            "HTTP_1_1 | -                  | 1234567890123456789 | BAD_REQUEST | false",
            "HTTP_2   | chunked            | -        | BAD_REQUEST     | false",
    })
    void decidesEachFramingFromTheRfc(HttpVersion version, String te, String cl, RequestFraming.Verdict verdict,
            boolean body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (te != null) {
            for (String value : te.split(";", -1)) {
                headers.add("Transfer-Encoding", value);
            }
        }
        if (cl != null) {
            for (String value : cl.split(";", -1)) {
                headers.add("Content-Length", value);
            }
        }
        RequestFraming.Decision decision = RequestFraming.screen(version, headers, false);
        assertEquals(verdict, decision.verdict(), String.valueOf(decision.reason()));
        assertEquals(body, decision.hasBody());
    }

    @Test
    void aWebSocketHandshakeWithABodyIsRefused() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Length", "10");
        assertEquals(RequestFraming.Verdict.BAD_REQUEST,
                RequestFraming.screen(HttpVersion.HTTP_1_1, headers, true).verdict());
        assertEquals(RequestFraming.Verdict.ACCEPT, RequestFraming.screen(HttpVersion.HTTP_1_1,
                MultiMap.caseInsensitiveMultiMap().add("Content-Length", "0"), true).verdict());
    }
}
