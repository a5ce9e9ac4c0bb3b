package io.tollgate.proxy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.Pipe;

/**
 * Sends an upstream's answer to the client in one pass over its headers, streaming the body
 * with back-pressure. On the way, the upstream's hop-by-hop headers (those of RFC 9110 §7.6.1
 * and those its Connection header names) are left behind, and so are its attempts to set the
 * gateway's cookies. The answer carries the gateway's date, as nginx's does, formatted once a
 * second rather than parsed and formatted again per request.
 */
final class ResponseSender {

    /** IMF-fixdate (RFC 9110 §5.6.7): always two digits for the day, always GMT. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ENGLISH);

    /** Never copied: they frame or describe the upstream's hop, or are set here. */
    private static final HeaderNameSet NOT_COPIED = new HeaderNameSet(List.of("connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding",
            "upgrade", "date", "content-length"));

    private record Dated(long second, String text) {
    }

    private static volatile Dated now = new Dated(-1, "");

    private ResponseSender() {
    }

    /**
     * @param upstream the request the answer belongs to, reset if the body fails midway
     * @return completes when the whole answer is written, fails when either side failed
     */
    static Future<Void> send(HttpClientResponse answer, HttpServerResponse out, HttpClientRequest upstream) {
        long length = copyHead(answer, out);
        if (length >= 0) {
            out.headers().set(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        } else {
            // HTTP/1.0 clients were given a held, measured body instead (sendWhole).
            out.setChunked(true);
        }
        Promise<Void> done = Promise.promise();
        Pipe<Buffer> pipe = answer.pipe();
        pipe.endOnSuccess(true);
        pipe.endOnFailure(false);
        pipe.to(out, ar -> {
            if (ar.failed()) {
                upstream.reset();
                out.reset();
            }
            done.handle(ar);
        });
        return done.future();
    }

    /** The answer with a body already read whole, sent with its length. */
    static Future<Void> sendWhole(HttpClientResponse answer, HttpServerResponse out, Buffer body) {
        copyHead(answer, out);
        out.headers().set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
        return out.end(body);
    }

    /** Status and the headers the client may see; returns the upstream's Content-Length, or -1. */
    private static long copyHead(HttpClientResponse answer, HttpServerResponse out) {
        out.setStatusCode(answer.statusCode());
        String reason = answer.statusMessage();
        if (reason != null) {
            out.setStatusMessage(reason);
        }
        MultiMap from = answer.headers();
        List<String> listed = connectionListed(from);
        MultiMap to = out.headers();
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (NOT_COPIED.contains(name) || (listed != null && isAny(name, listed))) {
                continue;
            }
            String value = header.getValue();
            if (name.equalsIgnoreCase("set-cookie") && ForwardedHeaders.setsGatewayCookie(value)) {
                // An upstream may not set, replace or delete the gateway's cookies.
                continue;
            }
            to.add(name, value);
        }
        to.set(HttpHeaders.DATE, httpDate(System.currentTimeMillis()));
        return lengthOf(from);
    }

    private static boolean isAny(String name, List<String> lowerCaseNames) {
        for (String candidate : lowerCaseNames) {
            if (candidate.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The headers the answer's Connection headers name, less those that frame the message and
     * those never copied anyway; null when there are none, as with the usual "keep-alive".
     */
    private static List<String> connectionListed(MultiMap headers) {
        List<String> listed = null;
        for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!ForwardedHeaders.FRAMING.contains(name) && !NOT_COPIED.contains(name)) {
                    listed = listed == null ? new java.util.ArrayList<>() : listed;
                    listed.add(name);
                }
            }
        }
        return listed;
    }

    /** The Content-Length as a number, or -1 when there is none (the client's parser has checked it). */
    static long lengthOf(MultiMap headers) {
        String length = headers.get(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** No transfer coding, or only chunked: what the gateway can vouch for when it relays a body. */
    static boolean framedByChunksAtMost(MultiMap headers) {
        for (String coding : headers.getAll(HttpHeaders.TRANSFER_ENCODING)) {
            if (!coding.trim().equalsIgnoreCase("chunked")) {
                return false;
            }
        }
        return true;
    }

    /** The IMF-fixdate of the given time's second, made once per second for everyone. */
    static String httpDate(long epochMillis) {
        long second = epochMillis / 1000;
        Dated cached = now;
        if (cached.second() != second) {
            cached = new Dated(second, HTTP_DATE.format(ZonedDateTime.ofInstant(
                    java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC)));
            now = cached;
        }
        return cached.text();
    }
}
