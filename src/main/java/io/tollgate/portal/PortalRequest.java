package io.tollgate.portal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.tollgate.audit.AuditLog;
import io.tollgate.http.HeaderNames;
import io.tollgate.http.PageLanguage;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.signin.Client;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The facts about one portal request that the pages and the sign-in steps use: who the client
 * is (behind trusted proxies), its language, its session cookie, and whether a form came from
 * another site.
 */
public record PortalRequest(String clientAddress, String userAgent, String lang, Map<String, String> cookies,
        String host, String scheme, String origin, String fetchSite) {

    public static final String LANGUAGE_COOKIE = PageLanguage.COOKIE;

    /** Longest User-Agent kept: enough to name a browser, too short to fill a store. */
    static final int MAX_USER_AGENT = 256;

    /**
     * @param cookies the gateway's cookies as sent, by name; which name counts is the session
     *        cookies' rule ({@link io.tollgate.session.SessionCookies#read})
     */
    public PortalRequest {
        cookies = Map.copyOf(cookies);
    }

    public static PortalRequest of(HttpServerRequest request, RequestPolicy policy) {
        // One notion of the external origin, shared with the gateway's return addresses.
        RequestPolicy.Client client = policy.client(request);
        return new PortalRequest(client.address(), capped(request.getHeader(HttpHeaders.USER_AGENT)), language(request),
                gatewayCookies(request), client.host(), client.scheme(), request.getHeader(HttpHeaders.ORIGIN),
                request.getHeader(HeaderNames.SEC_FETCH_SITE));
    }

    /** Only the gateway's own cookies (any prefix): the application's are none of the portal's business. */
    private static Map<String, String> gatewayCookies(HttpServerRequest request) {
        Map<String, String> cookies = new HashMap<>();
        for (Cookie cookie : request.cookies()) {
            if (cookie.getName().contains("tollgate_")) {
                cookies.putIfAbsent(cookie.getName(), cookie.getValue());
            }
        }
        return cookies;
    }

    private static String capped(String userAgent) {
        return userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent
                : userAgent.substring(0, MAX_USER_AGENT);
    }

    /** The language cookie (set by the switch), else Accept-Language. */
    private static String language(HttpServerRequest request) {
        return PageLanguage.of(cookie(request, LANGUAGE_COOKIE), request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    }

    private static String cookie(HttpServerRequest request, String name) {
        Cookie cookie = request.getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }

    /**
     * A form sent from another site: browsers say so in Sec-Fetch-Site; older ones send an
     * Origin that is not this host (or "null", from sandboxed frames and the like).
     */
    public boolean crossSite() {
        if ("cross-site".equalsIgnoreCase(fetchSite)) {
            return true;
        }
        if ("same-origin".equalsIgnoreCase(fetchSite) || "none".equalsIgnoreCase(fetchSite)) {
            return false;
        }
        if (origin == null) {
            return false;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        return !(o.equals("http://" + host) || o.equals("https://" + host));
    }

    /** The client as the sign-in steps see it. */
    public Client client() {
        return new Client(clientAddress, userAgent);
    }

    public AuditLog.Actor actor(String username) {
        return new AuditLog.Actor(username, clientAddress, userAgent);
    }

    public PortalRequest withLang(String language) {
        return new PortalRequest(clientAddress, userAgent, language, cookies, host, scheme, origin, fetchSite);
    }
}
