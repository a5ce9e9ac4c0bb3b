package io.tollgate.proxy;

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
        return p;
    }

    public static boolean covers(String prefix, String path) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.startsWith(prefix)
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
