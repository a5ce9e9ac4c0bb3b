package io.tollgate.portal;

import java.util.Locale;

import io.tollgate.audit.AuditLog;
import io.tollgate.device.DeviceCookies;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.session.SessionCookies;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;

/**
 * The facts about one portal request that the pages and the sign-in steps use: who the client
 * is (behind trusted proxies), its language, its session cookie, and whether a form came from
 * another site.
 */
public record PortalRequest(String clientAddress, String userAgent, String lang, String sessionId, String host,
        String scheme, String origin, String fetchSite, String deviceToken) {

    public static final String LANGUAGE_COOKIE = "tollgate_lang";

    public static PortalRequest of(HttpServerRequest request, RequestPolicy policy) {
        // One notion of the external origin, shared with the gateway's return addresses.
        RequestPolicy.Client client = policy.client(request);
        return new PortalRequest(client.address(), request.getHeader("user-agent"), language(request),
                cookie(request, SessionCookies.NAME), client.host(), client.scheme(),
                request.getHeader("origin"), request.getHeader("sec-fetch-site"), cookie(request, DeviceCookies.NAME));
    }

    /** The language cookie (set by the switch), else Accept-Language. */
    private static String language(HttpServerRequest request) {
        String chosen = cookie(request, LANGUAGE_COOKIE);
        if (chosen != null && PageLanguage.SUPPORTED.contains(chosen)) {
            return chosen;
        }
        return PageLanguage.fromAcceptLanguage(request.getHeader("accept-language"));
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

    public AuditLog.Actor actor(String username) {
        return new AuditLog.Actor(username, clientAddress, userAgent);
    }

    public PortalRequest withLang(String language) {
        return new PortalRequest(clientAddress, userAgent, language, sessionId, host, scheme, origin, fetchSite,
                deviceToken);
    }
}
