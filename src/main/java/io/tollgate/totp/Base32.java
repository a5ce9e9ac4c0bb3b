package io.tollgate.totp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * RFC 4648 base32, as authenticator apps use it: written upper case without padding; read
 * in any case, with spaces, hyphens and padding ignored.
 */
public final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
            VALUES[Character.toLowerCase(ALPHABET[i])] = i;
        }
    }

    private Base32() {
    }

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException naming the first bad character and its position */
    public static byte[] decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no base32 text");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        int symbols = 0;
        boolean padding = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '-' || c == '\t') {
                continue;
            }
            if (c == '=') {
                padding = true;
                continue;
            }
            int value = c < 128 ? VALUES[c] : -1;
            if (value < 0 || padding) {
                throw new IllegalArgumentException(padding && value >= 0
                        ? "base32 text continues after padding at position " + (i + 1)
                        : "'" + (Character.isISOControl(c) ? "\\u" + Integer.toHexString(c) : String.valueOf(c))
                                + "' at position " + (i + 1) + " is not a base32 character (A-Z, 2-7)");
            }
            symbols++;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        // 1, 3 and 6 leftover symbols cannot come from whole bytes.
        int rest = symbols % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            throw new IllegalArgumentException("base32 text of " + symbols + " characters is truncated");
        }
        return out.toByteArray();
    }
}
