package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Base32 as secrets are typed and imported: any bytes round-trip; any text decodes or is refused plainly. */
class Base32FuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyTextIsBase32OrRefusedPlainlyAndBytesRoundTrip(FuzzedDataProvider data) {
        byte[] bytes = data.consumeBytes(256);
        assertArrayEquals(bytes, Base32.decode(Base32.encode(bytes)));
        try {
            Base32.decode(data.consumeRemainingAsString());
        } catch (IllegalArgumentException refused) {
            // a plain refusal
        }
    }
}
