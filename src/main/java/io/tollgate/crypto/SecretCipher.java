package io.tollgate.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for secrets at rest. A stored value reads {@code v1:<key id>:<base64(nonce ‖
 * ciphertext ‖ tag)>}, with a random 96-bit nonce. The associated data (for example user
 * and credential ids) binds a value to its row: copied elsewhere, it does not decrypt.
 */
public final class SecretCipher {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing ring;

    public SecretCipher(KeyRing ring) {
        this.ring = ring;
    }

    public String encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        new SecureRandom().nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, ring.active(), nonce, associatedData, plaintext);
        ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
        return VERSION + ":" + ring.activeId() + ":" + Base64.getEncoder().encodeToString(out.array());
    }

    /** @throws SecretDecryptionException saying why, never showing the value */
    public byte[] decrypt(String stored, byte[] associatedData) {
        String[] parts = stored == null ? new String[0] : stored.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new SecretDecryptionException("stored secret is not in the v1:<key id>:<data> form");
        }
        SecretKey key = ring.key(parts[1]).orElseThrow(() -> new SecretDecryptionException(
                "stored secret was written with key '" + parts[1] + "', which is not in tollgate.crypto.keys"));
        byte[] data;
        try {
            data = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SecretDecryptionException("stored secret is not valid base64");
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretDecryptionException("stored secret is too short");
        }
        byte[] nonce = Arrays.copyOf(data, NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(data, NONCE_BYTES, data.length);
        return run(Cipher.DECRYPT_MODE, key, nonce, associatedData, sealed);
    }

    /** True when the value was written with a key other than the active one. */
    public boolean needsReencryption(String stored) {
        String[] parts = stored.split(":", 3);
        return parts.length != 3 || !parts[1].equals(ring.activeId());
    }

    /** The same secret under the active key (for rotation). */
    public String reencrypt(String stored, byte[] associatedData) {
        byte[] plaintext = decrypt(stored, associatedData);
        try {
            return encrypt(plaintext, associatedData);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] run(int mode, SecretKey key, byte[] nonce, byte[] associatedData, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new SecretDecryptionException("stored secret does not decrypt: altered, or bound to another row");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
