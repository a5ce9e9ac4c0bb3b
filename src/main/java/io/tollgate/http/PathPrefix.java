package io.tollgate.http;

/** Path prefixes match whole segments: {@code /api} covers {@code /api} and {@code /api/x}, not {@code /apix}. */
public final class PathPrefix {

    private PathPrefix() {
    }

    public static String normalize(String prefix) {
        String p = prefix.trim();
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("'" + prefix + "' must start with /");
        }
        if (p.contains("?") || p.contains("#") || p.contains("..") || p.contains("//")) {
            throw new IllegalArgumentException("'" + prefix + "' must be a plain path (no ?, #, .. or //)");
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '%' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("'" + prefix
                        + "' must be plain visible ASCII (no spaces, %, ; or \\; requests are matched decoded)");
            }
        }
        if (!p.equals(withoutTrailingDots(p))) {
            throw new IllegalArgumentException("'" + prefix
                    + "' has a segment ending in a dot, which requests are also matched without");
        }
        return p;
    }

    public static boolean covers(String prefix, String path) {
        return covers(prefix, path, false);
    }

    /** With {@code ignoreCase}, letters match in any case ({@code /Admin} covers {@code /ADMIN/x}). */
    public static boolean covers(String prefix, String path, boolean ignoreCase) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.regionMatches(ignoreCase, 0, prefix, 0, prefix.length())
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** Drops trailing dots and spaces of each segment; null when a segment is only those. */
    public static String withoutTrailingDots(String path) {
        StringBuilder out = null;
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i < path.length() && path.charAt(i) != '/') {
                continue;
            }
            int end = i;
            while (end > segmentStart && (path.charAt(end - 1) == '.' || path.charAt(end - 1) == ' ')) {
                end--;
            }
            if (end != i) {
                if (end == segmentStart) {
                    return null;
                }
                if (out == null) {
                    out = new StringBuilder(path.length()).append(path, 0, segmentStart);
                }
            }
            if (out != null) {
                out.append(path, segmentStart, end);
                if (i < path.length()) {
                    out.append('/');
                }
            }
            segmentStart = i + 1;
        }
        return out == null ? path : out.toString();
    }
}
