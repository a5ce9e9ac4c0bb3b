package io.tollgate.totp;

/**
 * RFC 6238: HOTP over time steps of {@code period} seconds since the Unix epoch. Verification
 * looks at {@code window} steps on either side, always all of them, and compares numbers
 * without an early exit, so its time does not depend on where (or whether) a code matched.
 */
public final class Totp {

    /** No step matched. */
    public static final long NO_MATCH = Long.MIN_VALUE;

    private final Hotp hotp;
    private final int period;

    /** @param period seconds, 15 to 300 */
    public Totp(HashAlgorithm algorithm, byte[] key, int digits, int period) {
        if (period < 15 || period > 300) {
            throw new IllegalArgumentException("period must be 15 to 300 seconds, got " + period);
        }
        this.hotp = new Hotp(algorithm, key, digits);
        this.period = period;
    }

    public long step(long epochSeconds) {
        return Math.floorDiv(epochSeconds, period);
    }

    public String codeAt(long epochSeconds) {
        return hotp.codeText(step(epochSeconds));
    }

    /**
     * @return the matched time step, or {@link #NO_MATCH}; malformed input (not exactly
     *         {@code digits} ASCII digits) is refused before any HMAC is computed
     */
    public long verify(CharSequence submitted, long epochSeconds, int window) {
        long wanted = parse(submitted, hotp.digits());
        if (wanted < 0) {
            return NO_MATCH;
        }
        long now = step(epochSeconds);
        long matched = NO_MATCH;
        for (long s = now - window; s <= now + window; s++) {
            long difference = hotp.code(s) ^ wanted;
            // Branch-free select: keeps the first match without leaving the loop.
            long isMatch = ((difference | -difference) >>> 63) ^ 1;
            long unset = (matched == NO_MATCH) ? 1 : 0;
            long take = -(isMatch & unset);
            matched = (s & take) | (matched & ~take);
        }
        return matched;
    }

    /** The code as a number, or -1 when it is not exactly {@code digits} ASCII digits. */
    static long parse(CharSequence submitted, int digits) {
        if (submitted == null || submitted.length() != digits) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            char c = submitted.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
