package io.tollgate.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * What the sign-in and account pages take, checked before their form parser runs: every form
 * they show is a few kilobytes of UTF-8 text, so a body announced larger than
 * {@value #MAX_BYTES} bytes is refused unread (413), one without a Content-Length (browsers
 * always send it for a form) is refused (411), and a form body with a broken percent-escape,
 * bytes that are not UTF-8, a NUL (which the database cannot store), more than
 * {@value #MAX_FIELDS} fields or a charset other than UTF-8 is refused (400) — where the parser
 * would have thrown past every error page. The body is counted as it arrives, so one without a
 * length (HTTP/2) is cut at the bound too. The console's forms get the same checks with
 * {@value #CONSOLE_MAX_BYTES} bytes; the admin API takes JSON, which its own reader refuses
 * cleanly.
 */
final class PortalForms {

    static final long MAX_BYTES = 64 * 1024;
    static final long CONSOLE_MAX_BYTES = 1024 * 1024;
    /** The form parser's own limit is 1 000 fields, past which it throws. */
    static final int MAX_FIELDS = 1000;

    private PortalForms() {
    }

    /** Whether the portal's own form parser may read this request's body (a post to a page, not to the API). */
    static boolean isScreened(HttpServerRequest request, String portalPath) {
        HttpMethod method = request.method();
        return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS
                && !portalPath.startsWith("/api/");
    }

    /** The refusal due before the body is read, or null. */
    static GatewayProblem screenHead(HttpServerRequest request, String portalPath) {
        long max = limit(portalPath);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) ? GatewayProblem.LENGTH_REQUIRED : null;
        }
        try {
            return Long.parseLong(length.trim()) > max ? GatewayProblem.FORM_TOO_LARGE : null;
        } catch (NumberFormatException e) {
            // Framing screening has already refused a malformed length.
            return null;
        }
    }

    /** The most bytes a post to this page may hold. */
    static long limit(String portalPath) {
        return portalPath.startsWith("/admin/") || portalPath.equals("/admin") ? CONSOLE_MAX_BYTES : MAX_BYTES;
    }

    /** Whether the body must be read and checked here: a url-encoded form. */
    static boolean isForm(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** A form's declared charset, when there is one, must be UTF-8 (the parser throws on an unknown name). */
    static GatewayProblem screenCharset(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE).toLowerCase(Locale.ROOT);
        int at = type.indexOf("charset=");
        if (at < 0) {
            return null;
        }
        String charset = type.substring(at + "charset=".length()).split(";", 2)[0].trim().replace("\"", "");
        return charset.equals("utf-8") || charset.equals("utf8") ? null : GatewayProblem.FORM_MALFORMED;
    }

    /** Null when every field of this url-encoded body decodes to UTF-8 text without NUL. */
    static GatewayProblem screenBody(Buffer body) {
        byte[] bytes = body.getBytes();
        ByteBuffer decoded = ByteBuffer.allocate(bytes.length);
        int fields = 1;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '&' && ++fields > MAX_FIELDS) {
                return GatewayProblem.FORM_MALFORMED;
            }
            if (b == '&' || b == '=') {
                if (!isUtf8(decoded)) {
                    return GatewayProblem.FORM_MALFORMED;
                }
                decoded.clear();
            } else if (b == '%') {
                int high = i + 1 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
                int low = i + 2 < bytes.length ? Character.digit(bytes[i + 2], 16) : -1;
                if (high < 0 || low < 0) {
                    return GatewayProblem.FORM_MALFORMED;
                }
                decoded.put((byte) (high * 16 + low));
                i += 2;
            } else {
                decoded.put(b == '+' ? (byte) ' ' : b);
            }
        }
        return isUtf8(decoded) ? null : GatewayProblem.FORM_MALFORMED;
    }

    private static boolean isUtf8(ByteBuffer decoded) {
        decoded.flip();
        for (int i = decoded.position(); i < decoded.limit(); i++) {
            if (decoded.get(i) == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(decoded);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
