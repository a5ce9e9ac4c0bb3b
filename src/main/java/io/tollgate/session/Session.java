package io.tollgate.session;

import java.time.Instant;

/**
 * A browser session as stored in Redis. The id is known only to the browser (the cookie) and
 * this object; Redis holds its SHA-256, so a copy of Redis gives no usable session.
 */
public record Session(String id, String username, AuthLevel level, String csrfToken, Instant createdAt,
        Instant expiresAt, Instant lastTwoFactorAt) {

    public boolean signedIn() {
        return level != AuthLevel.NONE;
    }
}
