package io.tollgate.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

/**
 * The session cookie {@code tollgate_session}: HttpOnly, SameSite=Lax (a link from another site
 * still arrives signed in; a form posted from another site arrives without it), Secure unless
 * configured off for a local http trial, and optionally shared by the subdomains of a domain.
 * It has no Max-Age: it dies with the browser session, and the store ends it earlier.
 */
@ApplicationScoped
public class SessionCookies {

    public static final String NAME = "tollgate_session";

    private final SessionConfig config;

    public SessionCookies(SessionConfig config) {
        this.config = config;
    }

    public NewCookie issue(Session session) {
        return builder(NAME, session.id()).build();
    }

    /** Tells the browser to forget the cookie. */
    public NewCookie clear() {
        return builder(NAME, "").maxAge(0).build();
    }

    /** A cookie with the session cookie's protections (for other sign-in cookies too). */
    public NewCookie.Builder builder(String name, String value) {
        NewCookie.Builder cookie = new NewCookie.Builder(name).value(value).path("/").httpOnly(true)
                .secure(config.secure()).sameSite(NewCookie.SameSite.LAX);
        config.domain().map(String::trim).filter(d -> !d.isEmpty()).ifPresent(cookie::domain);
        return cookie;
    }
}
