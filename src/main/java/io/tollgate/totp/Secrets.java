package io.tollgate.totp;

import java.security.SecureRandom;

/** New TOTP secrets from a strong random source. */
public final class Secrets {

    public static final int MINIMUM_BYTES = 16;

    private Secrets() {
    }

    /** @param bytes at least {@value #MINIMUM_BYTES} */
    public static byte[] generate(int bytes) {
        if (bytes < MINIMUM_BYTES) {
            throw new IllegalArgumentException("a TOTP secret needs at least " + MINIMUM_BYTES + " bytes, got " + bytes);
        }
        byte[] secret = new byte[bytes];
        // A new generator each time: nothing seeded ends up frozen in a native image.
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    public static byte[] generate(HashAlgorithm algorithm) {
        return generate(algorithm.defaultSecretBytes);
    }
}
