package io.tollgate.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of text: names for things that must not be stored as they are. */
public final class Digests {

    private Digests() {
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}, in lower-case hex. */
    public static String sha256Hex(String text) {
        return hex("SHA-256", text);
    }

    /** SHA-1 of the UTF-8 bytes of {@code text}, in lower-case hex: only for Redis script names. */
    public static String sha1Hex(String text) {
        return hex("SHA-1", text);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // Both are required of every Java platform.
            throw new IllegalStateException(e);
        }
    }
}
