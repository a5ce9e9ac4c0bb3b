package io.tollgate.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A browser session as stored in Redis. The id is known only to the browser (the cookie) and
 * this object; Redis holds its SHA-256, so a copy of Redis gives no usable session.
 *
 * @param lastTwoFactorAt when a code (TOTP or recovery) was last accepted in this session; a
 *        trusted device does not count, so sensitive changes still ask for a code
 * @param identity who signed in, copied at sign-in so that proxying needs no database read
 * @param pending what the portal still asks of this sign-in
 * @param client where the session was opened from, for the user's list of sessions
 * @param lastSeenAt the last request, to the minute
 * @param delegation the user an administrator acts as, or null
 */
public record Session(String id, String username, AuthLevel level, String csrfToken, Instant createdAt,
        Instant expiresAt, Instant lastTwoFactorAt, Identity identity, Pending pending, Client client,
        Instant lastSeenAt, Delegation delegation) {

    /** A session without delegation. */
    public Session(String id, String username, AuthLevel level, String csrfToken, Instant createdAt,
            Instant expiresAt, Instant lastTwoFactorAt, Identity identity, Pending pending, Client client,
            Instant lastSeenAt) {
        this(id, username, level, csrfToken, createdAt, expiresAt, lastTwoFactorAt, identity, pending, client,
                lastSeenAt, null);
    }

    /**
     * An administrator acting as another user, for support: applications see {@code username}
     * with {@code identity}, and the administrator as impersonator, until {@code until}.
     */
    public record Delegation(String username, Identity identity, Instant started, Instant until) {
    }

    /** The delegation in force at {@code now}, if any. */
    public java.util.Optional<Delegation> actingAs(Instant now) {
        return delegation != null && now.isBefore(delegation.until()) ? java.util.Optional.of(delegation)
                : java.util.Optional.empty();
    }

    public Session withDelegation(Delegation next) {
        return new Session(id, username, level, csrfToken, createdAt, expiresAt, lastTwoFactorAt, identity, pending,
                client, lastSeenAt, next);
    }

    /** The browser that opened the session; what it sent is cut to a sane length before it is stored. */
    public record Client(String address, String userAgent) {

        public static final Client UNKNOWN = new Client(null, null);

        static final int MAX_ADDRESS = 64;
        static final int MAX_USER_AGENT = 256;

        public Client {
            address = cut(address, MAX_ADDRESS);
            userAgent = cut(userAgent, MAX_USER_AGENT);
        }

        private static String cut(String text, int max) {
            return text == null || text.length() <= max ? text : text.substring(0, max);
        }
    }

    /**
     * What the upstream applications are told about the user, and the account's count of
     * two-step verification resets: copied at sign-in, and compared with the account when it
     * changes. {@code policyStamp} is the stamp of the policy that decided what the sign-in asked
     * ({@code PolicySettings#requirementStamp}), 0 when unknown.
     */
    public record Identity(String displayName, String email, List<String> groups, boolean admin,
            int secondFactorResets, int policyStamp) {

        public static final Identity NOBODY = new Identity(null, null, List.of(), false, 0, 0);

        public Identity {
            groups = List.copyOf(groups);
        }

        /** Decided under no known policy. */
        public Identity(String displayName, String email, List<String> groups, boolean admin, int secondFactorResets) {
            this(displayName, email, groups, admin, secondFactorResets, 0);
        }

        public Identity withPolicyStamp(int stamp) {
            return new Identity(displayName, email, groups, admin, secondFactorResets, stamp);
        }
    }

    /**
     * Signed in with the password alone and nothing pending, under a policy other than the one
     * in force: whether a code is now needed must be decided again before anything opens. (A
     * session that gave a code, or still owes a step, is what it is under any policy.)
     */
    public boolean passedWithoutCodeUnderAnotherPolicy(int stampInForce) {
        return level == AuthLevel.ONE_FACTOR && pending == Pending.NONE && identity.policyStamp() != stampInForce;
    }

    public Session withIdentity(Identity next) {
        return new Session(id, username, level, csrfToken, createdAt, expiresAt, lastTwoFactorAt, next, pending,
                client, lastSeenAt, delegation);
    }

    /** The step of the sign-in still to do, if any. */
    public enum Pending {
        NONE,
        /** A TOTP (or recovery) code. */
        SECOND_FACTOR,
        /** Enrollment, which may still be skipped (grace period). */
        ENROLLMENT_OPTIONAL,
        /** Enrollment, before anything else. */
        ENROLLMENT,
        /** Every authenticator expired: a recovery code (or an administrator's reset) before enrolling again. */
        RENEWAL
    }

    public boolean signedIn() {
        return level != AuthLevel.NONE;
    }

    /**
     * Enough for a one_factor route: the password, and no forced step outstanding. A forced
     * enrollment, and the recovery code that comes before one when every authenticator expired,
     * come before anything else; a code still owed (or an enrollment that may be skipped) does not
     * stand in the way of a route that asks only for the password.
     */
    public boolean satisfiesOneFactor() {
        return level != AuthLevel.NONE && pending != Pending.ENROLLMENT && pending != Pending.RENEWAL;
    }

    /**
     * Enough for a two_factor route: signed in and every step this user's policy asks for done,
     * whatever the level. A code accepted does not make up for a step still pending: a recovery
     * code spent after every authenticator expired leaves the new one to enroll, and until then
     * nothing opens.
     */
    public boolean satisfiesTwoFactor() {
        return level != AuthLevel.NONE && pending == Pending.NONE;
    }

    /** Constant-time comparison with the form's token. */
    public boolean csrfMatches(String token) {
        return Tokens.equal(csrfToken, token);
    }

    public Session withPending(Pending next) {
        return new Session(id, username, level, csrfToken, createdAt, expiresAt, lastTwoFactorAt, identity, next,
                client, lastSeenAt, delegation);
    }

    public Session withLastTwoFactorAt(Instant when) {
        return new Session(id, username, level, csrfToken, createdAt, expiresAt, when, identity, pending, client,
                lastSeenAt, delegation);
    }

    public Session withLastSeenAt(Instant when) {
        return new Session(id, username, level, csrfToken, createdAt, expiresAt, lastTwoFactorAt, identity, pending,
                client, when, delegation);
    }

    /** A code was accepted within {@code within} of {@code now}. */
    public boolean recentSecondFactor(Instant now, Duration within) {
        return lastTwoFactorAt != null && !lastTwoFactorAt.plus(within).isBefore(now);
    }

    /** Constant-time token comparison. */
    static final class Tokens {
        static boolean equal(String expected, String given) {
            if (expected == null || given == null) {
                return false;
            }
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
        }
    }
}
