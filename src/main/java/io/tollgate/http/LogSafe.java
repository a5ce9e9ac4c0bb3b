package io.tollgate.http;

/**
 * Makes text that came from the network (header values, URIs, upstream error messages) safe
 * for a log line: one line, printable ASCII only, bounded length. Without this, a CR/LF in an
 * upstream's answer or a request target could forge log entries or break log parsers.
 */
public final class LogSafe {

    /** Longest escaped text kept; the rest is summarised by its length. */
    static final int MAX_LENGTH = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogSafe() {
    }

    /**
     * Control characters, non-ASCII and the backslash itself are written as {@code \}uXXXX
     * (the backslash as {@code \\}), so an escape in the input cannot pass for one of ours.
     */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 24);
        int i = 0;
        for (; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            }
        }
        if (i < text.length()) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /** The exception's class and its escaped message, for "upstream failed (...)" lines. */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + of(message));
    }
}
