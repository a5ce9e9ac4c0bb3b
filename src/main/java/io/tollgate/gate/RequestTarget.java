package io.tollgate.gate;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import io.tollgate.http.PathPrefix;

/**
 * Screens a request's target before any routing decision, so that routes and access rules
 * are chosen on the path the upstream will act on, whatever its framework does with it:
 * <ul>
 * <li>only origin-form targets ({@code /path?query}) of visible ASCII: no fragment, no
 * control character, space or raw non-ASCII byte</li>
 * <li>no encoded character that changes the structure of the path once decoded: slash,
 * backslash, {@code #}, {@code ?}, {@code ;}, {@code %} (double encoding) and controls</li>
 * <li>a path not in normal form (dot segments, {@code //}, needless escapes) is redirected to
 * its normal form, so the upstream receives exactly what was routed</li>
 * <li>matrix parameters ({@code ;jsessionid=…}) stay in the forwarded path but are ignored
 * for matching, as servlet containers ignore them; a {@code ..;} segment is refused</li>
 * </ul>
 * What remains is decoded (UTF-8) and given to the matcher as every reading an upstream may
 * make of it: as sent, Unicode-compatibility normalised (NFKC) and with the trailing dots and
 * spaces of each segment dropped (as Windows and some frameworks do). The matcher also
 * compares without case; the strictest decision over all readings wins.
 */
record RequestTarget(Verdict verdict, List<String> readings, String detail) {

    enum Verdict {
        ROUTE, REDIRECT, BAD_REQUEST
    }

    /** The path as the upstream decodes it: the first reading. */
    String matchPath() {
        return readings.get(0);
    }

    static RequestTarget screen(String uri, String rawPath, String normalizedPath, String query) {
        if (uri == null || !uri.startsWith("/") || rawPath == null || normalizedPath == null) {
            return bad("the request target must be a path starting with /");
        }
        String refusal = screenCharacters(uri);
        if (refusal != null) {
            return bad(refusal);
        }
        if (!rawPath.equals(normalizedPath)) {
            return new RequestTarget(Verdict.REDIRECT, null, query == null ? normalizedPath : normalizedPath + "?" + query);
        }
        String matched = withoutMatrixParameters(normalizedPath);
        if (matched == null) {
            return bad("dot segments with parameters are not allowed in paths");
        }
        String decoded = decode(matched);
        if (decoded == null) {
            return bad("the path is not valid UTF-8 once decoded");
        }
        return readings(decoded);
    }

    /**
     * The characters of the whole target; escapes are judged in the path only, since a query
     * legitimately carries encoded slashes and the like (a return address). Null when acceptable.
     */
    private static String screenCharacters(String uri) {
        int length = uri.length();
        boolean inQuery = false;
        for (int i = 0; i < length; i++) {
            char c = uri.charAt(i);
            if (c == '?') {
                inQuery = true;
            }
            if (c <= 0x20 || c >= 0x7F) {
                return "control characters, spaces and non-ASCII bytes are not allowed in the request target";
            }
            if (c == '#') {
                return "a fragment (#) is never sent to a server";
            }
            if (c == '\\' && !inQuery) {
                return "backslashes are not allowed in paths";
            }
            if (c == '%' && !inQuery) {
                if (i + 2 >= length || hex(uri.charAt(i + 1)) < 0 || hex(uri.charAt(i + 2)) < 0) {
                    return "malformed percent-encoding";
                }
                int value = hex(uri.charAt(i + 1)) * 16 + hex(uri.charAt(i + 2));
                if (value < 0x20 || value == 0x7F || value == '/' || value == '\\' || value == '#' || value == '?'
                        || value == ';' || value == '%') {
                    return "encoded control characters, slashes, backslashes, #, ?, ; and % are not allowed";
                }
                i += 2;
            }
        }
        return null;
    }

    private static String withoutMatrixParameters(String path) {
        if (path.indexOf(';') < 0) {
            return path;
        }
        StringBuilder match = new StringBuilder(path.length());
        for (String segment : path.substring(1).split("/", -1)) {
            int semicolon = segment.indexOf(';');
            String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
            if (name.equals(".") || name.equals("..")) {
                return null;
            }
            // A segment of parameters only (";x") vanishes in servlet containers, which then
            // merge the slashes: "/;x/admin" is served as "/admin", so it is matched as that.
            if (semicolon == 0) {
                continue;
            }
            match.append('/').append(name);
        }
        return match.length() == 0 ? "/" : match.toString();
    }

    private static RequestTarget readings(String decoded) {
        List<String> readings = new ArrayList<>(4);
        readings.add(decoded);
        String compatible = decoded;
        if (!isAscii(decoded)) {
            compatible = Normalizer.normalize(decoded, Normalizer.Form.NFKC);
            // Full-width dots, slashes and percent signs become ASCII ones under NFKC.
            if (compatible.indexOf('\\') >= 0 || compatible.indexOf('%') >= 0 || compatible.indexOf('#') >= 0
                    || compatible.indexOf('?') >= 0 || compatible.indexOf(';') >= 0 || hasControl(compatible)) {
                return bad("the path has characters that normalise to separators or controls");
            }
            if (hasDotOrEmptySegment(compatible)) {
                return bad("the path has characters that normalise to dot segments");
            }
            add(readings, compatible);
        }
        for (String reading : List.copyOf(readings)) {
            String trimmed = PathPrefix.withoutTrailingDots(reading);
            if (trimmed == null) {
                return bad("path segments made of dots or spaces only are not allowed");
            }
            add(readings, trimmed);
        }
        return new RequestTarget(Verdict.ROUTE, List.copyOf(readings), null);
    }


    /** Strict UTF-8 percent-decoding; null on an invalid sequence. */
    private static String decode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteBuffer bytes = ByteBuffer.allocate(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                bytes.put((byte) (hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2))));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void add(List<String> readings, String reading) {
        if (!readings.contains(reading)) {
            readings.add(reading);
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasDotOrEmptySegment(String path) {
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(".") || segment.equals("..") || (segment.isEmpty() && i < segments.length - 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static RequestTarget bad(String why) {
        return new RequestTarget(Verdict.BAD_REQUEST, null, why);
    }
}
