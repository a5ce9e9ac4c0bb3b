package io.tollgate.proxy;

import java.util.List;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;

/**
 * Decides, before anything is forwarded, whether a request's body length is unambiguous
 * (RFC 9112 §6.1–6.3). The gateway forwards a body only when it and every upstream must
 * read the same length from the same headers; anything else is refused and the connection
 * closed, since the bytes after a request of unknown length cannot be trusted to start the
 * next one.
 * <p>
 * Accepted: no body headers (no body), one {@code Content-Length} of digits, or, on HTTP/1.1,
 * exactly one {@code Transfer-Encoding: chunked} without {@code Content-Length}.
 */
final class RequestFraming {

    enum Verdict {
        /** The framing is unambiguous. */
        ACCEPT,
        /** Malformed or ambiguous: 400, connection closed. */
        BAD_REQUEST,
        /** Well-formed, ends in chunked, but with a coding the gateway does not forward (RFC 9112 §6.1: 501). */
        NOT_IMPLEMENTED
    }

    record Decision(Verdict verdict, String reason, boolean hasBody) {
        static final Decision NO_BODY = new Decision(Verdict.ACCEPT, null, false);
        static final Decision WITH_BODY = new Decision(Verdict.ACCEPT, null, true);

        boolean accepted() {
            return verdict == Verdict.ACCEPT;
        }
    }

    /** Nineteen digits could overflow a long; no body the gateway streams is that large. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private RequestFraming() {
    }

    /**
     * @param headers the request headers as parsed (every occurrence of a repeated field)
     * @param webSocketUpgrade whether the request asks for a WebSocket upgrade, whose
     *        handshake never has a body: bytes after it would be tunnelled unread
     */
    static Decision screen(HttpVersion version, MultiMap headers, boolean webSocketUpgrade) {
        List<String> transferEncodings = headers.getAll(HttpHeaders.TRANSFER_ENCODING);
        List<String> contentLengths = headers.getAll(HttpHeaders.CONTENT_LENGTH);
        Decision decision;
        if (!transferEncodings.isEmpty()) {
            decision = transferEncoding(version, transferEncodings, contentLengths);
        } else if (!contentLengths.isEmpty()) {
            decision = contentLength(contentLengths);
        } else {
            decision = Decision.NO_BODY;
        }
        if (decision.accepted() && decision.hasBody() && webSocketUpgrade) {
            return bad("a WebSocket handshake carries no body");
        }
        return decision;
    }

    private static Decision transferEncoding(HttpVersion version, List<String> values, List<String> contentLengths) {
        if (version != HttpVersion.HTTP_1_1) {
            // §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing, even with a Content-Length.
            return bad("Transfer-Encoding in an " + version + " request");
        }
        if (!contentLengths.isEmpty()) {
            return bad("both Transfer-Encoding and Content-Length");
        }
        if (values.size() > 1) {
            return bad("Transfer-Encoding repeated");
        }
        String[] codings = values.get(0).split(",", -1);
        String last = codings[codings.length - 1].trim();
        if (!last.equalsIgnoreCase("chunked")) {
            // §6.3: chunked not final, the length cannot be determined.
            return bad("Transfer-Encoding does not end with chunked");
        }
        if (codings.length == 1) {
            return Decision.WITH_BODY;
        }
        for (int i = 0; i < codings.length - 1; i++) {
            String coding = codings[i].trim();
            if (coding.isEmpty() || coding.equalsIgnoreCase("chunked") || !isToken(coding)) {
                // §7: chunked at most once; an empty or malformed element is no coding at all.
                return bad("malformed Transfer-Encoding list");
            }
        }
        return new Decision(Verdict.NOT_IMPLEMENTED, "transfer codings other than chunked are not forwarded", true);
    }

    private static Decision contentLength(List<String> values) {
        if (values.size() > 1) {
            return bad("Content-Length repeated");
        }
        String value = values.get(0).trim();
        if (value.isEmpty() || value.length() > MAX_LENGTH_DIGITS) {
            return bad("Content-Length is not a length");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                // Signs, lists ("4, 4"), spaces inside and hex are all refused.
                return bad("Content-Length is not a length");
            }
        }
        return Long.parseLong(value) == 0 ? Decision.NO_BODY : Decision.WITH_BODY;
    }

    /** RFC 9110 §5.6.2 token, which every transfer-coding name is. */
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static Decision bad(String reason) {
        return new Decision(Verdict.BAD_REQUEST, reason, false);
    }
}
