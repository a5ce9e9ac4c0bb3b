package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void defaultLengthsFollowTheAlgorithm() {
        assertEquals(20, Secrets.generate(HashAlgorithm.SHA1).length);
        assertEquals(32, Secrets.generate(HashAlgorithm.SHA256).length);
        assertEquals(64, Secrets.generate(HashAlgorithm.SHA512).length);
    }

    @Test
    void secretsShorterThan16BytesAreRefused() {
        assertEquals("a TOTP secret needs at least 16 bytes, got 10",
                assertThrows(IllegalArgumentException.class, () -> Secrets.generate(10)).getMessage());
    }

    @Test
    void twoSecretsDiffer() {
        assertFalse(Arrays.equals(Secrets.generate(20), Secrets.generate(20)));
    }
}
