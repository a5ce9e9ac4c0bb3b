package io.tollgate.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Authorization headers as anyone may send them: an AuthKey parses only when well formed with
 * a right checksum (then into the id and secret it is made of); a bearer token is taken only
 * as a compact JWT the library reads, or left alone; nothing escapes.
 */
class AuthKeyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void onlyWellFormedCredentialsAreTaken(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        AuthKeyFormat.Parsed parsed = AuthKeyFormat.parse(text);
        if (parsed != null) {
            assertEquals(AuthKeyFormat.LENGTH, text.length());
            assertTrue(text.startsWith(AuthKeyFormat.PREFIX + parsed.id() + parsed.secret()), text);
        }
        BearerTokens.tokenOf(text);
        BearerTokens.readUnverified(text);
    }
}
