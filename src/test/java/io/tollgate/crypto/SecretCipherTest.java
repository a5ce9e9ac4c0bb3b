package io.tollgate.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

class SecretCipherTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString("A".repeat(32).getBytes(StandardCharsets.US_ASCII));
    private static final String KEY_B = Base64.getEncoder().encodeToString("B".repeat(32).getBytes(StandardCharsets.US_ASCII));
    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROW_1 = "user:1/credential:7".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROW_2 = "user:2/credential:7".getBytes(StandardCharsets.UTF_8);

    private final SecretCipher cipher = new SecretCipher(KeyRing.from(Map.of("a", KEY_A), Optional.empty()));

    @Test
    void aSecretRoundTripsAndNamesItsKey() {
        String stored = cipher.encrypt(SECRET, ROW_1);
        assertTrue(stored.startsWith("v1:a:"), stored);
        assertArrayEquals(SECRET, cipher.decrypt(stored, ROW_1));
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        assertNotEquals(cipher.encrypt(SECRET, ROW_1), cipher.encrypt(SECRET, ROW_1));
    }

    @Test
    void aValueCopiedToAnotherRowDoesNotDecrypt() {
        String stored = cipher.encrypt(SECRET, ROW_1);
        SecretDecryptionException e = assertThrows(SecretDecryptionException.class, () -> cipher.decrypt(stored, ROW_2));
        assertEquals("stored secret does not decrypt: altered, or bound to another row", e.getMessage());
    }

    @Test
    void aTamperedValueDoesNotDecrypt() {
        String stored = cipher.encrypt(SECRET, ROW_1);
        byte[] data = Base64.getDecoder().decode(stored.substring(5));
        data[20] ^= 1;
        String tampered = "v1:a:" + Base64.getEncoder().encodeToString(data);
        assertThrows(SecretDecryptionException.class, () -> cipher.decrypt(tampered, ROW_1));
    }

    @Test
    void anUnknownKeyIdOrFormIsNamedClearly() {
        String stored = cipher.encrypt(SECRET, ROW_1);
        assertEquals("stored secret was written with key 'z', which is not in tollgate.crypto.keys",
                assertThrows(SecretDecryptionException.class, () -> cipher.decrypt("v1:z:" + stored.substring(5), ROW_1))
                        .getMessage());
        assertThrows(SecretDecryptionException.class, () -> cipher.decrypt("plain text", ROW_1));
        assertThrows(SecretDecryptionException.class, () -> cipher.decrypt("v1:a:###", ROW_1));
        assertThrows(SecretDecryptionException.class, () -> cipher.decrypt("v1:a:AAAA", ROW_1));
    }

    @Test
    void rotationReadsOldValuesAndReencryptsThemUnderTheActiveKey() {
        String old = cipher.encrypt(SECRET, ROW_1);
        SecretCipher rotated = new SecretCipher(KeyRing.from(Map.of("a", KEY_A, "b", KEY_B), Optional.of("b")));
        assertArrayEquals(SECRET, rotated.decrypt(old, ROW_1));
        assertTrue(rotated.needsReencryption(old));
        String moved = rotated.reencrypt(old, ROW_1);
        assertTrue(moved.startsWith("v1:b:"), moved);
        assertFalse(rotated.needsReencryption(moved));
        assertArrayEquals(SECRET, rotated.decrypt(moved, ROW_1));
        SecretCipher onlyB = new SecretCipher(KeyRing.from(Map.of("b", KEY_B), Optional.empty()));
        assertArrayEquals(SECRET, onlyB.decrypt(moved, ROW_1));
    }

    @Test
    void badKeyRingsAreRefusedWithoutShowingKeyMaterial() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> KeyRing.from(Map.of("k1", shortKey), Optional.empty()));
        assertTrue(e.getMessage().startsWith("tollgate.crypto.keys.k1: must be 32 bytes (AES-256), got 16"), e.getMessage());
        assertFalse(e.getMessage().contains(shortKey));
        assertTrue(assertThrows(ConfigurationException.class, () -> KeyRing.from(Map.of("k1", "not base64!"),
                Optional.empty())).getMessage().contains("tollgate.crypto.keys.k1: not base64"));
        assertTrue(assertThrows(ConfigurationException.class, () -> KeyRing.from(Map.of(), Optional.empty()))
                .getMessage().startsWith("tollgate.crypto.keys: no key configured"));
        assertTrue(assertThrows(ConfigurationException.class, () -> KeyRing.from(Map.of("a", KEY_A, "b", KEY_B),
                Optional.empty())).getMessage().contains("tollgate.crypto.active-key: required"));
        assertTrue(assertThrows(ConfigurationException.class, () -> KeyRing.from(Map.of("a", KEY_A), Optional.of("c")))
                .getMessage().contains("'c' is not among the configured keys"));
    }
}
