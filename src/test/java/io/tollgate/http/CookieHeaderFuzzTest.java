package io.tollgate.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Cookie headers as anyone may write them: the gateway's cookie is read from a pair with
 * exactly its name, its value never reaches past the pair's end, and nothing escapes.
 */
class CookieHeaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void aCookieValueComesFromOnePairWithExactlyThatName(FuzzedDataProvider data) {
        String name = data.pickValue(new String[] { "tollgate_session", "__Host-tollgate_session", "a" });
        String header = data.consumeRemainingAsString();
        String value = CookieHeader.valueIn(header, name);
        if (value != null) {
            assertFalse(value.contains(";"), value);
            assertTrue(header.contains(name + "=" + value) || header.contains(name + " =") || header.contains(name + "\t="),
                    "the value comes from a pair named " + name);
        }
    }
}
