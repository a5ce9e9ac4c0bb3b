package io.tollgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.NewCookie;

import org.junit.jupiter.api.Test;

import io.tollgate.testing.Configs;

class SessionCookiesTest {

    private static SessionCookies cookies(boolean secure, String domain) {
        return new SessionCookies(Configs.session(secure, domain));
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteLaxAndSecureByDefault() {
        NewCookie cookie = cookies(true, null).builder(SessionCookies.NAME, "id").build();
        assertTrue(cookie.isHttpOnly());
        assertTrue(cookie.isSecure());
        assertEquals(NewCookie.SameSite.LAX, cookie.getSameSite());
        assertEquals("/", cookie.getPath());
        assertNull(cookie.getDomain(), "host-only unless a domain is configured");
        assertEquals(NewCookie.DEFAULT_MAX_AGE, cookie.getMaxAge(), "a browser-session cookie");
    }

    @Test
    void aConfiguredDomainSharesTheCookieAcrossSubdomains() {
        assertEquals("example.com", cookies(true, " example.com ").builder(SessionCookies.NAME, "id").build().getDomain());
        assertNull(cookies(true, "  ").builder(SessionCookies.NAME, "id").build().getDomain());
    }

    @Test
    void plainHttpTrialsCanTurnSecureOffAndClearingExpiresAtOnce() {
        assertFalse(cookies(false, null).builder(SessionCookies.NAME, "id").build().isSecure());
        NewCookie cleared = cookies(true, null).clear();
        assertEquals(0, cleared.getMaxAge());
        assertEquals("", cleared.getValue());
    }

    @Test
    void secureHostOnlyCookiesCarryTheHostPrefix() {
        NewCookie session = cookies(true, null).issue(session("id"));
        assertEquals("__Host-tollgate_session", session.getName());
        // What browsers require of a __Host- cookie:
        assertTrue(session.isSecure());
        assertEquals("/", session.getPath());
        assertNull(session.getDomain());
        assertEquals("__Host-tollgate_device", cookies(true, null).builder("tollgate_device", "t").build().getName());
        assertEquals("__Host-tollgate_session", cookies(true, null).clear().getName(), "cleared under the name in use");
    }

    @Test
    void withoutSecureOrWithADomainTheNameStaysPlain() {
        assertEquals("tollgate_session", cookies(false, null).issue(session("id")).getName());
        assertEquals("tollgate_session", cookies(true, "example.com").issue(session("id")).getName());
        assertEquals("__Host-tollgate_session", cookies(true, "  ").issue(session("id")).getName(),
                "a blank domain is no domain");
    }

    @Test
    void onlyTheNameInUseIsRead() {
        Map<String, String> both = Map.of("tollgate_session", "planted", "__Host-tollgate_session", "ours");
        assertEquals("ours", cookies(true, null).read(both, SessionCookies.NAME));
        assertNull(cookies(true, null).read(Map.of("tollgate_session", "planted"), SessionCookies.NAME),
                "a plain-named cookie (set by a sibling subdomain, say) is ignored while the prefix is in use");
        assertEquals("planted", cookies(false, null).read(both, SessionCookies.NAME));
        assertNull(cookies(true, "example.com").read(Map.of("__Host-tollgate_session", "old"), SessionCookies.NAME));
    }

    @Test
    void theProxyReadsTheSessionCookieTheCookiesAreIssuedUnder() {
        for (SessionConfig config : List.of(Configs.session(true, null), Configs.session(false, null),
                Configs.session(true, "example.com"))) {
            SessionStore store = new SessionStore(null, config, AnonymousSessions.withRandomKey(Duration.ofHours(1)));
            assertEquals(new SessionCookies(config).issue(session("id")).getName(), store.cookieName());
        }
    }

    private static Session session(String id) {
        Instant now = Instant.now();
        return new Session(id, null, AuthLevel.NONE, "csrf", now, now, null, Session.Identity.NOBODY,
                Session.Pending.NONE, Session.Client.UNKNOWN, now);
    }
}
