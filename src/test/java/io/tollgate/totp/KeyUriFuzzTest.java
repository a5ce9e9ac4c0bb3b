package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Hostile text where authenticators are read from outside: an otpauth:// URI (imports, other
 * products' exports). Every input either parses or is refused with an IllegalArgumentException
 * whose message may be shown to an administrator; nothing else escapes, nothing hangs. What
 * parses writes back to a URI that parses the same.
 */
class KeyUriFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void anyTextIsAKeyUriOrRefusedPlainly(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        KeyUri parsed;
        try {
            parsed = KeyUri.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        KeyUri again = KeyUri.parse(parsed.toUri());
        assertEquals(parsed.secret(), again.secret());
        assertEquals(parsed.algorithm(), again.algorithm());
        assertEquals(parsed.digits(), again.digits());
        assertEquals(parsed.period(), again.period());
    }
}
