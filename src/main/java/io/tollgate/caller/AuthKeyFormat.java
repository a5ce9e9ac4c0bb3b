package io.tollgate.caller;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The text of an AuthKey: {@code tgk_}, a 12-character id, a 32-character secret (about 190
 * bits) and a 6-character checksum, all base62. The prefix lets secret scanners find keys in
 * code and logs, and the checksum (CRC32 of everything before it) lets them — and the gateway —
 * tell a real key from a typo or a lookalike without any lookup.
 */
public final class AuthKeyFormat {

    public static final String PREFIX = "tgk_";
    static final int ID_LENGTH = 12;
    static final int SECRET_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key's parts, once its form and checksum are right. */
    public record Parsed(String id, String secret) {
    }

    private AuthKeyFormat() {
    }

    /** A new key. */
    public static String generate() {
        String body = PREFIX + random(ID_LENGTH) + random(SECRET_LENGTH);
        return body + checksum(body);
    }

    /** The id and secret of a well-formed key with a right checksum; null for anything else. */
    public static Parsed parse(String key) {
        if (key == null || key.length() != LENGTH || !key.startsWith(PREFIX)) {
            return null;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (ALPHABET.indexOf(key.charAt(i)) < 0) {
                return null;
            }
        }
        String body = key.substring(0, LENGTH - CHECKSUM_LENGTH);
        if (!checksum(body).equals(key.substring(LENGTH - CHECKSUM_LENGTH))) {
            return null;
        }
        int idEnd = PREFIX.length() + ID_LENGTH;
        return new Parsed(key.substring(PREFIX.length(), idEnd), key.substring(idEnd, LENGTH - CHECKSUM_LENGTH));
    }

    /** CRC32 of the text before the checksum, in base62, left-padded with zeros to 6 characters. */
    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }

    private static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET.charAt(RANDOM.nextInt(62));
        }
        return new String(chars);
    }
}
