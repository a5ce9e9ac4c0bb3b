package io.tollgate.proxy;

import java.util.Locale;

/**
 * Screens a request's target before any routing decision, so that the path a route is
 * chosen on is the path every upstream will understand:
 * <ul>
 * <li>only origin-form targets ({@code /path?query}); absolute-form could name another host</li>
 * <li>no encoded slash, backslash or NUL, which upstreams decode in different ways</li>
 * <li>a path that is not in normal form (dot segments, {@code //}, needless escapes) is
 * redirected to its normal form, so the upstream receives exactly what was routed</li>
 * <li>matrix parameters ({@code ;jsessionid=…}) stay in the forwarded path but are ignored
 * for matching, as servlet containers ignore them; a {@code ..;} segment is refused</li>
 * </ul>
 */
record RequestTarget(Verdict verdict, String matchPath, String detail) {

    enum Verdict {
        ROUTE, REDIRECT, BAD_REQUEST
    }

    static RequestTarget screen(String uri, String rawPath, String normalizedPath, String query) {
        if (uri == null || !uri.startsWith("/") || rawPath == null || normalizedPath == null) {
            return bad("the request target must be a path starting with /");
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || rawPath.indexOf('\\') >= 0) {
            return bad("encoded slashes, backslashes and NUL are not allowed in paths");
        }
        if (!rawPath.equals(normalizedPath)) {
            return new RequestTarget(Verdict.REDIRECT, null, query == null ? normalizedPath : normalizedPath + "?" + query);
        }
        if (normalizedPath.indexOf(';') < 0) {
            return new RequestTarget(Verdict.ROUTE, normalizedPath, null);
        }
        StringBuilder match = new StringBuilder(normalizedPath.length());
        for (String segment : normalizedPath.substring(1).split("/", -1)) {
            int semicolon = segment.indexOf(';');
            String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
            if (name.equals(".") || name.equals("..")) {
                return bad("dot segments with parameters are not allowed in paths");
            }
            match.append('/').append(name);
        }
        return new RequestTarget(Verdict.ROUTE, match.toString(), null);
    }

    private static RequestTarget bad(String why) {
        return new RequestTarget(Verdict.BAD_REQUEST, null, why);
    }
}
