package io.tollgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void printableAsciiIsKeptAsItIs() {
        assertEquals("GET /a?b=c HTTP/1.1 [x] {y} ~", LogSafe.of("GET /a?b=c HTTP/1.1 [x] {y} ~"));
    }

    @Test
    void lineBreaksAndControlCharactersCannotStartANewLogLine() {
        String forged = "bad gateway\r\n2026-11-30 12:00:00,000 INFO  [io.tollgate.audit] admin signed in\u0000\t\u001b[31m";
        String safe = LogSafe.of(forged);
        assertFalse(safe.chars().anyMatch(c -> c < 0x20 || c >= 0x7f), safe);
        assertEquals("bad gateway\\u000d\\u000a2026-11-30 12:00:00,000 INFO  [io.tollgate.audit] admin signed in"
                + "\\u0000\\u0009\\u001b[31m", safe);
    }

    @Test
    void nonAsciiIsEscapedAndBackslashesCannotImitateAnEscape() {
        assertEquals("caf\\u00e9 \\u2028 \\\\u000a", LogSafe.of("café \u2028 \\u000a"));
    }

    @Test
    void longTextIsCutAndSaysHowLongItWas() {
        String safe = LogSafe.of("x".repeat(10_000));
        assertTrue(safe.length() < LogSafe.MAX_LENGTH + 30, safe);
        assertTrue(safe.endsWith("...(10000 chars)"), safe);
        assertEquals("x".repeat(LogSafe.MAX_LENGTH), safe.substring(0, LogSafe.MAX_LENGTH));
    }

    @Test
    void nullIsSaidSo() {
        assertEquals("null", LogSafe.of(null));
    }

    @Test
    void aFailureIsDescribedOnOneLine() {
        assertEquals("IOException: closed\\u000d\\u000aFAKE ENTRY", LogSafe.describe(new IOException("closed\r\nFAKE ENTRY")));
        assertEquals("IOException", LogSafe.describe(new IOException()));
    }
}
