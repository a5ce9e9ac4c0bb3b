package io.tollgate.totp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 4226 one-time codes. An instance is bound to one key and is not thread-safe: it reuses
 * its digest and buffers, so computing a code allocates nothing. HMAC (RFC 2104) is written
 * out over {@link MessageDigest} because the JDK's {@code Mac} allocates a digest array per
 * call.
 */
public final class Hotp {

    static final int[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000 };

    private final MessageDigest digest;
    private final byte[] innerPad;
    private final byte[] outerPad;
    private final byte[] counterBytes = new byte[8];
    private final byte[] inner;
    private final byte[] result;
    private final int digits;

    /** @param digits 6 to 10 */
    public Hotp(HashAlgorithm algorithm, byte[] key, int digits) {
        if (digits < 6 || digits > 10) {
            throw new IllegalArgumentException("digits must be 6 to 10, got " + digits);
        }
        this.digits = digits;
        try {
            this.digest = MessageDigest.getInstance(algorithm.digestName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm.digestName + " is not available", e);
        }
        int block = algorithm.blockBytes;
        byte[] k = key.length > block ? digest.digest(key) : key;
        this.innerPad = new byte[block];
        this.outerPad = new byte[block];
        for (int i = 0; i < block; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        this.inner = new byte[digest.getDigestLength()];
        this.result = new byte[digest.getDigestLength()];
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
        try {
            digest.update(innerPad);
            digest.update(counterBytes);
            digest.digest(inner, 0, inner.length);
            digest.update(outerPad);
            digest.update(inner);
            digest.digest(result, 0, result.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        int offset = result[result.length - 1] & 0x0f;
        long binary = ((result[offset] & 0x7fL) << 24) | ((result[offset + 1] & 0xffL) << 16)
                | ((result[offset + 2] & 0xffL) << 8) | (result[offset + 3] & 0xffL);
        // 31 bits give at most 10 digits: for 10, the whole value is the code.
        return digits == 10 ? binary : binary % POWERS_OF_TEN[digits];
    }

    public String codeText(long counter) {
        String code = Long.toString(code(counter));
        return "0".repeat(digits - code.length()) + code;
    }
}
