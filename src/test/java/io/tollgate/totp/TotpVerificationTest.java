package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TotpVerificationTest {

    private static final long NOW = 1_700_000_015L;
    private final Totp totp = new Totp(HashAlgorithm.SHA1, "12345678901234567890".getBytes(), 6, 30);

    @ParameterizedTest(name = "step {0} from now is accepted with window 1")
    @ValueSource(ints = { -1, 0, 1 })
    void stepsWithinTheWindowAreAcceptedAndReportTheirStep(int offset) {
        String code = totp.codeAt(NOW + offset * 30L);
        assertEquals(totp.step(NOW) + offset, totp.verify(code, NOW, 1));
    }

    @ParameterizedTest(name = "step {0} from now is refused with window 1")
    @ValueSource(ints = { -2, 2 })
    void stepsJustOutsideTheWindowAreRefused(int offset) {
        String code = totp.codeAt(NOW + offset * 30L);
        assertEquals(Totp.NO_MATCH, totp.verify(code, NOW, 1));
    }

    @Test
    void aWiderWindowReachesFurther() {
        assertEquals(totp.step(NOW) - 2, totp.verify(totp.codeAt(NOW - 60), NOW, 2));
        assertEquals(Totp.NO_MATCH, totp.verify(totp.codeAt(NOW - 90), NOW, 2));
    }

    @ParameterizedTest(name = "''{0}'' is refused without computing anything")
    @ValueSource(strings = { "", "12345", "1234567", "12345a", " 12345", "١٢٣٤٥٦", "12 345" })
    void malformedCodesAreRefused(String submitted) {
        assertEquals(Totp.NO_MATCH, totp.verify(submitted, NOW, 1));
        assertEquals(-1, Totp.parse(submitted, 6));
    }

    @Test
    void aWrongCodeIsRefused() {
        String right = totp.codeAt(NOW);
        String wrong = String.format("%06d", (Integer.parseInt(right) + 1) % 1_000_000);
        assertEquals(Totp.NO_MATCH, totp.verify(wrong, NOW, 1));
    }

    @Test
    void outOfRangeParametersAreRefusedClearly() {
        byte[] key = new byte[20];
        assertEquals("digits must be 6 to 10, got 5",
                assertThrows(IllegalArgumentException.class, () -> new Totp(HashAlgorithm.SHA1, key, 5, 30)).getMessage());
        assertEquals("period must be 15 to 300 seconds, got 10",
                assertThrows(IllegalArgumentException.class, () -> new Totp(HashAlgorithm.SHA1, key, 6, 10)).getMessage());
    }
}
