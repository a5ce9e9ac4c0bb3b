package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {

    @ParameterizedTest(name = "''{0}'' <-> {1}")
    @CsvSource(value = { "'',''", "f,MY", "fo,MZXQ", "foo,MZXW6", "foob,MZXW6YQ", "fooba,MZXW6YTB",
        "foobar,MZXW6YTBOI" })
    void rfc4648Vectors(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertEquals(encoded, Base32.encode(bytes));
        assertArrayEquals(bytes, Base32.decode(encoded));
    }

    @Test
    void readingAcceptsLowerCaseSpacesHyphensAndPadding() {
        byte[] foobar = "foobar".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(foobar, Base32.decode("mzxw 6ytb oi======"));
        assertArrayEquals(foobar, Base32.decode("MZXW-6YTB-OI"));
    }

    @Test
    void randomBytesSurviveTheRoundTrip() {
        Random random = new Random(42);
        for (int length = 0; length < 80; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertArrayEquals(data, Base32.decode(Base32.encode(data)));
        }
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = { "MZXW1|'1' at position 5", "MZ!W6|'!' at position 3",
        "MZXW6é|'é' at position 6", "MZ=XW|continues after padding", "M|truncated", "MZX|truncated",
        "MZXW6Y|truncated" })
    void malformedTextIsRefusedWithItsPosition(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
