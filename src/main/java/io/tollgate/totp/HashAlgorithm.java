package io.tollgate.totp;

import java.util.Locale;
import java.util.Optional;

/** The HMAC functions RFC 6238 allows, with the secret length each deserves by default. */
public enum HashAlgorithm {
    SHA1("SHA-1", 64, "SHA1", 20),
    SHA256("SHA-256", 64, "SHA256", 32),
    SHA512("SHA-512", 128, "SHA512", 64);

    /** JCA name of the hash. */
    public final String digestName;
    /** The hash's block size, for HMAC's key padding. */
    public final int blockBytes;
    /** Name in otpauth:// URIs. */
    public final String uriName;
    /** Default secret length in bytes: the hash's output size. */
    public final int defaultSecretBytes;

    HashAlgorithm(String digestName, int blockBytes, String uriName, int defaultSecretBytes) {
        this.digestName = digestName;
        this.blockBytes = blockBytes;
        this.uriName = uriName;
        this.defaultSecretBytes = defaultSecretBytes;
    }

    /** Accepts sha1, SHA-256, HmacSHA512 and the like. */
    public static Optional<HashAlgorithm> parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("HMAC", "");
        for (HashAlgorithm a : values()) {
            if (a.uriName.equals(v)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
