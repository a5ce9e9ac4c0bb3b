package io.tollgate.policy;

import java.util.Locale;
import java.util.regex.Pattern;

import io.tollgate.http.HeaderNames;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

/**
 * The scheme and host a browser used to reach the gateway: what a trusted proxy reports in
 * X-Forwarded-Proto and X-Forwarded-Host (first value, when well-formed), else what the
 * gateway itself received. Return addresses, portal links and the same-origin check of
 * forms all use this one notion, so they cannot disagree.
 */
record ExternalOrigin(String scheme, String host) {

    /** A host name or address with an optional port: nothing that could end a URL's authority early. */
    private static final Pattern HOST_AND_PORT = Pattern
            .compile("([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");

    private static final int MAX_HOST_LENGTH = 261;

    static ExternalOrigin of(HttpServerRequest request, boolean fromTrustedProxy) {
        String scheme = request.isSSL() ? "https" : "http";
        HostAndPort authority = request.authority();
        String host = authority == null ? "" : authority.toString().toLowerCase(Locale.ROOT);
        if (fromTrustedProxy) {
            String proto = first(request.getHeader(HeaderNames.X_FORWARDED_PROTO));
            if (proto != null && (proto.equals("https") || proto.equals("http"))) {
                scheme = proto;
            }
            String forwardedHost = first(request.getHeader(HeaderNames.X_FORWARDED_HOST));
            if (forwardedHost != null && isHost(forwardedHost)) {
                host = forwardedHost;
            }
        }
        return new ExternalOrigin(scheme, host);
    }

    static boolean isHost(String value) {
        return value.length() <= MAX_HOST_LENGTH && HOST_AND_PORT.matcher(value).matches();
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String value = (comma < 0 ? header : header.substring(0, comma)).trim().toLowerCase(Locale.ROOT);
        return value.isEmpty() ? null : value;
    }
}
