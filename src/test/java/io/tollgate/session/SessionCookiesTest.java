package io.tollgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import jakarta.ws.rs.core.NewCookie;

import org.junit.jupiter.api.Test;

class SessionCookiesTest {

    private static SessionCookies cookies(boolean secure, String domain) {
        return new SessionCookies(new SessionConfig() {
            public Duration idleTimeout() {
                return Duration.ofMinutes(30);
            }

            public Duration absoluteLifetime() {
                return Duration.ofHours(12);
            }

            public boolean secure() {
                return secure;
            }

            public Optional<String> domain() {
                return Optional.ofNullable(domain);
            }
        });
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
}
