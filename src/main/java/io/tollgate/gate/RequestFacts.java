package io.tollgate.gate;

import java.util.Locale;

/**
 * What the decision is taken on, read from the request itself (proxy mode) or from the
 * forwarding headers of a trusted proxy (forward-auth mode).
 *
 * @param method the request method, as sent
 * @param scheme {@code http} or {@code https}, as the browser used it
 * @param externalHost host and optional port as the browser addressed it, lower case: the origin of return addresses
 * @param routingHost the host routes are matched on, lower case, without port or trailing dot
 * @param target the request target in origin form ({@code /path?query}), as sent
 * @param clientAddress the client's address, as trusted proxies report it
 * @param sessionId the session cookie's value, or null
 * @param authorization the Authorization header, or null
 * @param authKey the X-Auth-Key header, or null
 * @param apiClient whether the client is a script or page script (JSON Accept, X-Requested-With), which gets 401 instead of a redirect
 */
public record RequestFacts(String method, String scheme, String externalHost, String routingHost, String target,
        String clientAddress, String sessionId, String authorization, String authKey, boolean apiClient) {

    /**
     * These facts with the caller's credentials and kind, which only a decision that needs a
     * session or caller reads: proxy mode leaves them out of the first screening, so that
     * bypass and refused requests never parse cookies.
     */
    public RequestFacts withCredentials(String sessionId, String authorization, String authKey, boolean apiClient) {
        return new RequestFacts(method, scheme, externalHost, routingHost, target, clientAddress, sessionId,
                authorization, authKey, apiClient);
    }

    /** The origin the browser sees, as in {@code https://wiki.example.com}. */
    public String origin() {
        return scheme + "://" + externalHost;
    }

    /** The host part of a {@code host[:port]} authority, lower case, without a trailing dot. */
    public static String routingHost(String authority) {
        if (authority == null) {
            return "";
        }
        String host = authority.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end > 0 ? host.substring(0, end + 1) : host;
        } else {
            int colon = host.indexOf(':');
            host = colon >= 0 ? host.substring(0, colon) : host;
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /**
     * A script rather than a browser page: it asked for JSON, or says it is an XMLHttpRequest.
     * Both modes read it this one way, so both answer it the same.
     */
    public static boolean isApiClient(String accept, String requestedWith) {
        if (requestedWith != null && requestedWith.equalsIgnoreCase("XMLHttpRequest")) {
            return true;
        }
        if (accept == null) {
            return false;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains("application/json") && !lower.contains("text/html");
    }
}
