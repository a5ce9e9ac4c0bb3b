package io.tollgate.totp;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 4226 one-time codes. An instance is bound to one key and is not thread-safe: it reuses
 * its MAC and buffers, so computing a code allocates nothing.
 */
public final class Hotp {

    static final int[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000 };

    private final Mac mac;
    private final byte[] counterBytes = new byte[8];
    private final byte[] digest;
    private final int digits;

    /** @param digits 6 to 10 */
    public Hotp(HashAlgorithm algorithm, byte[] key, int digits) {
        if (digits < 6 || digits > 10) {
            throw new IllegalArgumentException("digits must be 6 to 10, got " + digits);
        }
        this.digits = digits;
        try {
            this.mac = Mac.getInstance(algorithm.macName);
            mac.init(new SecretKeySpec(key, algorithm.macName));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(algorithm.macName + " is not available", e);
        }
        this.digest = new byte[mac.getMacLength()];
    }

    public int digits() {
        return digits;
    }

    /** The code for a counter, as a number (left-pad with zeros to {@link #digits()} to show it). */
    public long code(long counter) {
        for (int i = 7; i >= 0; i--) {
            counterBytes[i] = (byte) counter;
            counter >>>= 8;
        }
        mac.update(counterBytes);
        try {
            mac.doFinal(digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        int offset = digest[digest.length - 1] & 0x0f;
        long binary = ((digest[offset] & 0x7fL) << 24) | ((digest[offset + 1] & 0xffL) << 16)
                | ((digest[offset + 2] & 0xffL) << 8) | (digest[offset + 3] & 0xffL);
        // 31 bits give at most 10 digits: for 10, the whole value is the code.
        return digits == 10 ? binary : binary % POWERS_OF_TEN[digits];
    }

    public String codeText(long counter) {
        String code = Long.toString(code(counter));
        return "0".repeat(digits - code.length()) + code;
    }
}
