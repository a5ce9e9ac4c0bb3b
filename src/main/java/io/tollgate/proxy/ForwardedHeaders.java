package io.tollgate.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;

import io.tollgate.caller.AuthKeys;
import io.tollgate.gate.GatewayConfig;
import io.tollgate.gate.Identity;
import io.tollgate.http.HeaderNames;
import io.tollgate.policy.RequestPolicy;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Rewrites the headers of a request about to be proxied: client-supplied identity and
 * forwarding claims are removed, hop-by-hop headers are dropped and X-Forwarded-* are set
 * from what the gateway itself saw.
 */
final class ForwardedHeaders {

    /**
     * Hop-by-hop headers (RFC 9110 §7.6.1) removed from the request up front. Connection,
     * Upgrade and Transfer-Encoding stay: the forwarder frames the body and the WebSocket
     * tunnel from them, and neither copies them upstream.
     */
    static final List<String> HOP_BY_HOP = List.of("keep-alive", "proxy-authenticate", "proxy-authorization",
            "proxy-connection", "te", "trailer");

    private static final HeaderNameSet HOP_BY_HOP_NAMES = new HeaderNameSet(HOP_BY_HOP);

    /**
     * Claims about the client or the original request that only the gateway may make. Upstream
     * frameworks trust them for client addresses, schemes and even paths (X-Original-URL).
     */
    static final List<String> FORWARDING_CLAIMS = List.of("forwarded", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-server", "x-forwarded-ssl",
            "x-forwarded-scheme", "x-forwarded-uri", "x-original-forwarded-for", "x-real-ip", "x-client-ip",
            "true-client-ip", "x-cluster-client-ip", "x-original-url", "x-rewrite-url", "x-url-scheme",
            "front-end-https");

    /**
     * Identity headers other gateways and cloud front ends set (oauth2-proxy, Grafana's auth
     * proxy, Kong, Azure App Service, Google IAP, AWS ALB, Pomerium, authentik, Cloudflare
     * Access): an application moved
     * behind Tollgate may still believe them, so no client may send them either.
     */
    static final List<String> OTHER_GATEWAYS_IDENTITY = List.of("x-forwarded-user", "x-forwarded-email",
            "x-forwarded-groups", "x-forwarded-preferred-username", "x-forwarded-access-token", "x-auth-request-user",
            "x-auth-request-email", "x-auth-request-groups", "x-auth-request-preferred-username",
            "x-auth-request-access-token", "x-remote-user", "x-remote-group", "x-remote-email", "x-webauth-user",
            "x-authenticated-user", "x-authenticated-userid", "x-consumer-username", "x-ms-client-principal-name",
            "x-ms-client-principal-id", "x-ms-client-principal", "x-goog-authenticated-user-email",
            "x-goog-authenticated-user-id", "x-goog-iap-jwt-assertion", "x-amzn-oidc-identity", "x-amzn-oidc-data",
            "x-amzn-oidc-accesstoken", "x-pomerium-jwt-assertion", "x-authentik-username", "x-authentik-email",
            "x-authentik-groups", "x-authentik-uid", "x-authentik-jwt", "cf-access-authenticated-user-email",
            "cf-access-jwt-assertion");

    /** Every header a client may not send, in any case and with '_' read as '-'. */
    private final HeaderNameSet forbidden;
    private final GatewayConfig.IdentityHeadersConfig names;

    ForwardedHeaders(GatewayConfig.IdentityHeadersConfig names) {
        this.names = names;
        Set<String> all = new HashSet<>();
        for (String name : identityHeaderNames(names)) {
            all.add(canonical(name));
        }
        all.addAll(FORWARDING_CLAIMS);
        all.addAll(OTHER_GATEWAYS_IDENTITY);
        this.forbidden = new HeaderNameSet(List.copyOf(all), true);
    }

    /** Whether a client may not send this header, in any case and with '_' for '-'; allocates nothing. */
    boolean isForbidden(String name) {
        return forbidden.contains(name);
    }

    static List<String> identityHeaderNames(GatewayConfig.IdentityHeadersConfig names) {
        return List.of(names.user(), names.groups(), names.email(), names.name(), names.authMethod(),
                names.impersonator());
    }

    /** CGI-style servers read Remote_User as Remote-User, so both spellings are one header. */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Applied to the incoming request itself, so the plain and the WebSocket paths of the
     * proxy both see the cleaned headers. The scheme and host sent on are the client's
     * external origin, the one the portal also uses, so a malformed claim never travels on.
     */
    void prepare(HttpServerRequest request, RequestPolicy.Client client) {
        MultiMap headers = request.headers();
        boolean fromTrustedProxy = client.viaTrustedProxy();
        // A trusted proxy's account of the request is kept and extended; anyone else's is dropped.
        List<String> chain = fromTrustedProxy ? new ArrayList<>(headers.getAll(HeaderNames.X_FORWARDED_FOR)) : new ArrayList<>();
        String forwardedPort = fromTrustedProxy ? headers.get(HeaderNames.X_FORWARDED_PORT) : null;
        List<String> claims = null;
        // One pass finds what must go; most requests carry none of it, and then nothing is removed.
        for (java.util.Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            if (isForbidden(name) || HOP_BY_HOP_NAMES.contains(name)) {
                claims = claims == null ? new ArrayList<>() : claims;
                claims.add(name);
            }
        }
        if (claims != null) {
            claims.forEach(headers::remove);
        }
        removeConnectionListed(headers);
        withoutGatewayCookies(headers);
        withoutAuthKeys(headers);
        SocketAddress peer = request.remoteAddress();
        String peerAddress = peer == null ? "unknown" : peer.hostAddress();
        chain.add(peerAddress);
        headers.set("X-Forwarded-For", String.join(", ", chain));
        headers.set("X-Real-IP", client.address());
        headers.set("X-Forwarded-Proto", client.scheme());
        String host = client.host();
        if (!host.isEmpty()) {
            headers.set("X-Forwarded-Host", host);
        }
        headers.set("X-Forwarded-Port", externalPort(host, forwardedPort, client.scheme(), request));
    }

    /** The port in the external host, else the one a trusted proxy reported, else the scheme's. */
    private static String externalPort(String host, String forwardedPort, String scheme, HttpServerRequest request) {
        int colon = host.lastIndexOf(':');
        if (colon > 0 && colon > host.lastIndexOf(']')) {
            return host.substring(colon + 1);
        }
        if (forwardedPort != null && forwardedPort.trim().matches("[0-9]{1,5}")) {
            return forwardedPort.trim();
        }
        if (host.isEmpty() && request.localAddress() != null) {
            return Integer.toString(request.localAddress().port());
        }
        return scheme.equals("https") ? "443" : "80";
    }

    /**
     * The gateway's own cookies (session, trusted device, language) are for the gateway only:
     * an upstream that logs or echoes request headers must not learn a session id.
     */
    static void withoutGatewayCookies(MultiMap headers) {
        List<String> values = headers.getAll(HttpHeaders.COOKIE);
        if (values.isEmpty() || values.stream().noneMatch(ForwardedHeaders::mentionsGatewayCookie)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String value : values) {
            for (String pair : value.split(";")) {
                String trimmed = pair.trim();
                if (!trimmed.isEmpty() && !isGatewayCookie(trimmed)) {
                    kept.add(trimmed);
                }
            }
        }
        headers.remove(HttpHeaders.COOKIE);
        if (!kept.isEmpty()) {
            headers.set(HttpHeaders.COOKIE, String.join("; ", kept));
        }
    }

    /** An AuthKey is the gateway's credential: an upstream that logs its headers must not learn one. */
    static void withoutAuthKeys(MultiMap headers) {
        withoutValues(headers, HttpHeaders.AUTHORIZATION.toString(), AuthKeys::isAuthKeyAuthorization);
        withoutValues(headers, HeaderNames.X_AUTH_KEY, AuthKeys::isOurKey);
    }

    /** Every value of the header that {@code drop} picks goes, whichever of several it is. */
    private static void withoutValues(MultiMap headers, String name, java.util.function.Predicate<String> drop) {
        List<String> values = headers.getAll(name);
        if (values.isEmpty() || values.stream().noneMatch(drop)) {
            return;
        }
        List<String> kept = values.stream().filter(drop.negate()).toList();
        headers.remove(name);
        if (!kept.isEmpty()) {
            headers.add(name, kept);
        }
    }

    /** A quick look before any splitting: can the header hold one of the gateway's cookies? */
    private static boolean mentionsGatewayCookie(String cookieHeader) {
        int last = cookieHeader.length() - GATEWAY_COOKIE_PREFIX.length();
        for (int i = 0; i <= last; i++) {
            if (cookieHeader.regionMatches(true, i, GATEWAY_COOKIE_PREFIX, 0, GATEWAY_COOKIE_PREFIX.length())) {
                return true;
            }
        }
        return false;
    }

    /** Every cookie Tollgate sets starts with this. */
    static final String GATEWAY_COOKIE_PREFIX = "tollgate_";

    /** The gateway's cookie names, also with the prefixes browsers give special rules to. */
    private static final List<String> GATEWAY_COOKIE_PREFIXES = List.of(GATEWAY_COOKIE_PREFIX,
            "__Host-" + GATEWAY_COOKIE_PREFIX, "__Secure-" + GATEWAY_COOKIE_PREFIX);

    /** True when a cookie name (or a "name=value" pair) is one of the gateway's, in any case. */
    static boolean isGatewayCookie(String nameOrPair) {
        String name = nameOrPair.trim();
        for (String prefix : GATEWAY_COOKIE_PREFIXES) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a Set-Cookie value would set one of the gateway's cookies. A nameless cookie
     * ("=tollgate_session=x") counts too: browsers send it back as "tollgate_session=x".
     */
    static boolean setsGatewayCookie(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        String pair = semicolon < 0 ? setCookie : setCookie.substring(0, semicolon);
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        if (name.isBlank() && equals >= 0) {
            name = pair.substring(equals + 1);
        }
        return isGatewayCookie(name);
    }

    /**
     * An upstream may not set, replace or delete the gateway's cookies: it could fix a session
     * id chosen by whoever controls the application, or sign the user out.
     */
    static void withoutGatewaySetCookies(MultiMap headers) {
        List<String> values = headers.getAll(HttpHeaders.SET_COOKIE);
        if (values.isEmpty() || values.stream().noneMatch(ForwardedHeaders::setsGatewayCookie)) {
            return;
        }
        List<String> kept = values.stream().filter(v -> !setsGatewayCookie(v)).toList();
        headers.remove(HttpHeaders.SET_COOKIE);
        headers.add(HttpHeaders.SET_COOKIE.toString(), kept);
    }

    /**
     * Tells the upstream (proxy mode) or the proxy in front (forward-auth mode) who the caller
     * is. Values are sent as UTF-8 bytes (names are not always ASCII) and stripped of control
     * characters, so no value can end a header early.
     */
    void identify(MultiMap headers, Identity identity) {
        put(headers, names.user(), identity.user());
        put(headers, names.groups(), String.join(",", identity.groups()));
        put(headers, names.email(), identity.email());
        put(headers, names.name(), identity.name());
        put(headers, names.authMethod(), identity.method());
        put(headers, names.impersonator(), identity.impersonator());
    }

    private static void put(MultiMap headers, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        headers.set(name, headerValue(value));
    }

    /**
     * The value without control characters (C0, DEL and C1: none can end a header or fool a reader),
     * as UTF-8 bytes carried in a Latin-1 string; a plain ASCII value, the usual case, is
     * returned as it is.
     */
    static String headerValue(String value) {
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c >= 0x20 && c < 0x7f;
        }
        if (plain) {
            return value;
        }
        StringBuilder clean = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isISOControl(c)) {
                clean.append(c);
            }
        }
        return new String(clean.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * Response side: the upstream's hop-by-hop headers concern only its hop, and its attempts
     * to set the gateway's cookies are dropped.
     */
    static void cleanResponse(MultiMap headers) {
        withoutGatewaySetCookies(headers);
        removeConnectionListed(headers);
        headers.remove(HttpHeaders.CONNECTION);
        headers.remove(HttpHeaders.UPGRADE);
        for (String name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    /** Headers named in Connection are hop-by-hop too; those that frame the message are kept. */
    private static void removeConnectionListed(MultiMap headers) {
        for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!FRAMING.contains(name)) {
                    headers.remove(name);
                }
            }
        }
    }

    /** Named in Connection, yet never dropped for it: they frame the message. */
    static final List<String> FRAMING = List.of("", "connection", "upgrade", "transfer-encoding",
            "content-length", "host");
}
