package io.tollgate.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AuthKeyFormatTest {

    @Test
    void aGeneratedKeyParsesIntoItsIdAndSecret() {
        String key = AuthKeyFormat.generate();
        assertEquals(AuthKeyFormat.LENGTH, key.length());
        assertTrue(key.matches("tgk_[0-9A-Za-z]{50}"), key);
        AuthKeyFormat.Parsed parsed = AuthKeyFormat.parse(key);
        assertNotNull(parsed);
        assertEquals(key.substring(4, 16), parsed.id());
        assertEquals(key.substring(16, 48), parsed.secret());
    }

    @Test
    void everySingleCharacterChangeIsCaughtByTheChecksum() {
        String key = AuthKeyFormat.generate();
        for (int i = 4; i < key.length(); i++) {
            char c = key.charAt(i);
            String typo = key.substring(0, i) + (c == 'a' ? 'b' : 'a') + key.substring(i + 1);
            assertNull(AuthKeyFormat.parse(typo), "a change at " + i);
        }
    }

    @Test
    void anythingButAKeyIsNoKey() {
        String key = AuthKeyFormat.generate();
        assertNull(AuthKeyFormat.parse(null));
        assertNull(AuthKeyFormat.parse(""));
        assertNull(AuthKeyFormat.parse("tgx_" + key.substring(4)));
        assertNull(AuthKeyFormat.parse(key + "0"));
        assertNull(AuthKeyFormat.parse(key.substring(0, key.length() - 1)));
        assertNull(AuthKeyFormat.parse(key.substring(0, 20) + "-" + key.substring(21)));
    }

    @Test
    void theChecksumIsCrc32InSixBase62DigitsSoAScannerCanCheckItOffline() {
        String body = "tgk_" + "0".repeat(44);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long value = crc.getValue();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        long decoded = 0;
        for (char c : AuthKeyFormat.checksum(body).toCharArray()) {
            decoded = decoded * 62 + alphabet.indexOf(c);
        }
        assertEquals(value, decoded);
        assertNotNull(AuthKeyFormat.parse(body + AuthKeyFormat.checksum(body)));
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(AuthKeyFormat.generate()));
        }
    }
}
