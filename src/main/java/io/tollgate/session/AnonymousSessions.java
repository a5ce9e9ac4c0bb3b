package io.tollgate.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Visitors who have not signed in cost the store nothing: their session (for the sign-in
 * forms' CSRF token) lives in the cookie alone, as {@code a1.<nonce>.<issued>.<mac>} with an
 * HMAC-SHA256 under a server key, so it cannot be forged or altered. Its CSRF token is derived
 * from the nonce. It is valid for the absolute lifetime; a Redis session is made only when a
 * password is accepted.
 */
final class AnonymousSessions {

    static final String PREFIX = "a1.";
    /** What {@code KeyRing.derivedKeys} is asked for: no other use of the ring gets the same keys. */
    static final String KEY_PURPOSE = "tollgate/session/anonymous-cookie/v1";

    private static final int NONCE_BYTES = 16;
    private static final int MAX_LENGTH = 100;
    /** Replicas' clocks differ a little: a token "issued" this far ahead is still good. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HMAC = "HmacSHA256";

    private final List<SecretKeySpec> keys;
    private final Duration lifetime;

    /** @param keys 32-byte keys, the one that signs first; the others still verify (after a rotation) */
    AnonymousSessions(List<byte[]> keys, Duration lifetime) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key");
        }
        this.keys = keys.stream().map(k -> new SecretKeySpec(k, HMAC)).toList();
        this.lifetime = lifetime;
    }

    /** A key made for this process alone: one replica, tests. */
    static AnonymousSessions withRandomKey(Duration lifetime) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new AnonymousSessions(List.of(key), lifetime);
    }

    static boolean looksAnonymous(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    Session issue(Session.Client client, Instant now) {
        byte[] bytes = new byte[NONCE_BYTES];
        new SecureRandom().nextBytes(bytes);
        String body = PREFIX + URL.encodeToString(bytes) + "." + now.getEpochSecond();
        SecretKeySpec key = keys.get(0);
        return session(body + "." + mac(key, body), URL.encodeToString(bytes), key, now.getEpochSecond(), client);
    }

    /** The session a cookie value stands for, when this gateway signed it and it has not expired. */
    Optional<Session> read(String value, Session.Client client, Instant now) {
        if (!looksAnonymous(value) || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = value.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 3 || !parts[0].matches("[A-Za-z0-9_-]{22}") || !parts[1].matches("[0-9]{1,12}")
                || !parts[2].matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        String body = value.substring(0, value.lastIndexOf('.'));
        long issued = Long.parseLong(parts[1]);
        for (SecretKeySpec key : keys) {
            if (MessageDigest.isEqual(mac(key, body).getBytes(StandardCharsets.US_ASCII),
                    parts[2].getBytes(StandardCharsets.US_ASCII))) {
                Instant at = Instant.ofEpochSecond(issued);
                boolean current = at.isBefore(now.plus(CLOCK_SKEW)) && now.isBefore(at.plus(lifetime));
                return current ? Optional.of(session(value, parts[0], key, issued, client)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Session session(String id, String nonce, SecretKeySpec key, long issued, Session.Client client) {
        Instant at = Instant.ofEpochSecond(issued);
        // The page shows the token, never the cookie value it comes from.
        return new Session(id, null, AuthLevel.NONE, mac(key, "csrf." + nonce), at, at.plus(lifetime), null,
                Session.Identity.NOBODY, Session.Pending.NONE, client, at);
    }

    private static String mac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return URL.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
