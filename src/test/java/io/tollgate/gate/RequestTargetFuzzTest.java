package io.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.vertx.core.http.impl.HttpUtils;

/**
 * Request targets as anyone may send them: each is routed, redirected to its normal form or
 * refused, and what is routed is read by the matcher without dot segments, backslashes or
 * control characters in any of its readings — the forms an upstream might act on differently
 * from the gateway. Nothing escapes.
 */
class RequestTargetFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void aRoutedTargetHasNoDotSegmentsOrOddCharactersInAnyReading(FuzzedDataProvider data) {
        String uri = "/" + data.consumeRemainingAsString();
        int question = uri.indexOf('?');
        String rawPath = question < 0 ? uri : uri.substring(0, question);
        String query = question < 0 ? null : uri.substring(question + 1);
        String normalized;
        try {
            normalized = HttpUtils.normalizePath(rawPath);
        } catch (RuntimeException e) {
            normalized = null; // as the gateway reads it: not decodable
        }
        RequestTarget target = RequestTarget.screen(uri, rawPath, normalized, query);
        assertNotNull(target.verdict());
        if (target.verdict() != RequestTarget.Verdict.ROUTE) {
            return;
        }
        for (String reading : target.readings()) {
            for (String segment : reading.split("/", -1)) {
                assertFalse(segment.equals("..") || segment.equals("."), "a dot segment in " + reading + " of " + uri);
            }
            assertFalse(reading.contains("\\"), "a backslash in " + reading + " of " + uri);
            assertFalse(reading.chars().anyMatch(c -> c < 0x20 || c == 0x7F), "a control character in " + uri);
        }
    }
}
