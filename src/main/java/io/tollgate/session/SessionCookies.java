package io.tollgate.session;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

/**
 * The session cookie {@code tollgate_session}: HttpOnly, SameSite=Lax (a link from another site
 * still arrives signed in; a form posted from another site arrives without it), Secure unless
 * configured off for a local http trial, and optionally shared by the subdomains of a domain.
 * It has no Max-Age: it dies with the browser session, and the store ends it earlier.
 * <p>
 * When the cookies are Secure and host-only (no domain configured), their names carry the
 * {@code __Host-} prefix: browsers then refuse the name from anywhere but this host over HTTPS,
 * so a sibling subdomain or a plain-http response cannot plant one. Only the name in use is
 * read: a plain-named cookie is ignored while the prefixed one is in use, and the other way round.
 */
@ApplicationScoped
public class SessionCookies {

    /** The session cookie's base name, before any prefix. */
    public static final String NAME = "tollgate_session";

    static final String HOST_PREFIX = "__Host-";

    private final SessionConfig config;

    public SessionCookies(SessionConfig config) {
        this.config = config;
    }

    /** The name a cookie goes by under this configuration. */
    public String name(String baseName) {
        return nameFor(config, baseName);
    }

    /** The prefix is allowed only on Secure cookies with Path=/ and no Domain. */
    static String nameFor(SessionConfig config, String baseName) {
        return config.secure() && domain(config) == null ? HOST_PREFIX + baseName : baseName;
    }

    /** The value of the cookie {@code baseName} among a request's cookies, under the name in use only. */
    public String read(Map<String, String> cookies, String baseName) {
        return cookies.get(name(baseName));
    }

    public NewCookie issue(Session session) {
        return builder(NAME, session.id()).build();
    }

    /** Tells the browser to forget the cookie. */
    public NewCookie clear() {
        return builder(NAME, "").maxAge(0).build();
    }

    /** A cookie with the session cookie's protections and naming (for other sign-in cookies too). */
    public NewCookie.Builder builder(String baseName, String value) {
        NewCookie.Builder cookie = new NewCookie.Builder(name(baseName)).value(value).path("/").httpOnly(true)
                .secure(config.secure()).sameSite(NewCookie.SameSite.LAX);
        String domain = domain(config);
        if (domain != null) {
            cookie.domain(domain);
        }
        return cookie;
    }

    private static String domain(SessionConfig config) {
        return config.domain().map(String::trim).filter(d -> !d.isEmpty()).orElse(null);
    }
}
