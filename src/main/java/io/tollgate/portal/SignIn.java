package io.tollgate.portal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tollgate.account.Group;
import io.tollgate.account.PasswordHasher;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.credential.TotpCredential;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.device.TrustedDevice;
import io.tollgate.device.TrustedDevices;
import io.tollgate.guard.Attempt;
import io.tollgate.guard.CodeVerifier;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsStore;
import io.tollgate.policy.SecondFactorRequirement;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.tollgate.session.SessionsEnded;

/**
 * The sign-in steps: the password, then what the policy asks of this user (a code, a
 * recovery code, enrollment, or nothing). Every failure counts against the user and the
 * client address; a refused attempt (user locked, or their network's queue too long) is
 * answered before any password is hashed.
 */
@ApplicationScoped
public class SignIn {

    /** A browser's new trust: the cookie value and how long it lasts. */
    public record Trust(String token, java.time.Duration validity) {
    }

    /** How a step ended. */
    public sealed interface Result {
        /**
         * Done: the session moved on (its id may have changed).
         *
         * @param trusted a trust just given to this browser, whose token goes into its cookie
         */
        record Passed(Session session, Optional<Long> recoveryCodesLeft, Optional<Trust> trusted) implements Result {
            Passed(Session session, Optional<Long> recoveryCodesLeft) {
                this(session, recoveryCodesLeft, Optional.empty());
            }
        }

        record Wrong(int attemptsLeft) implements Result {
        }

        record Replay() implements Result {
        }

        /** @param kind the user's own lock, or their network's queue (many failures from the same address) */
        record Locked(Instant until, SecondFactorGuard.LockKind kind) implements Result {
            Locked(SecondFactorGuard.Decision refused) {
                this(refused.lockedUntil().orElseThrow(), refused.lockKind());
            }
        }

        /** Not a code at all: not counted. */
        record Malformed() implements Result {
        }

        record Unavailable() implements Result {
        }

        /** The account was disabled or removed mid-way: the session is ended. */
        record SignedOut() implements Result {
        }
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SecondFactorGuard guard;
    private final SessionStore sessions;
    private final PolicySettingsStore policy;
    private final TotpCredentials credentials;
    private final RecoveryCodes recoveryCodes;
    private final AuditLog audit;
    private final TrustedDevices devices;
    private final CredentialExpiry expiry;
    private final Event<SessionsEnded> ended;

    public SignIn(UserRepository users, PasswordHasher hasher, SecondFactorGuard guard, SessionStore sessions,
            PolicySettingsStore policy, TotpCredentials credentials, RecoveryCodes recoveryCodes, AuditLog audit,
            TrustedDevices devices, CredentialExpiry expiry, Event<SessionsEnded> ended) {
        this.users = users;
        this.hasher = hasher;
        this.guard = guard;
        this.sessions = sessions;
        this.policy = policy;
        this.credentials = credentials;
        this.recoveryCodes = recoveryCodes;
        this.audit = audit;
        this.devices = devices;
        this.expiry = expiry;
        this.ended = ended;
    }

    /** Usernames are case-insensitive: one counter per person, whatever they type. */
    public static String userKey(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The first factor. An unknown user, a disabled one and a wrong password get the same
     * answer, after the same work (a full hash).
     */
    public Uni<Result> password(PortalRequest request, Session anonymous, String username, char[] password,
            String deviceToken) {
        String key = userKey(username);
        // The same limit for everyone here: a stricter one for administrators would tell who they are.
        return guard.reserve(key, false, request.clientAddress()).flatMap(attempt -> {
            if (attempt.refused()) {
                return refusedUnchecked(request.actor(null), AuditEvent.Type.LOGIN, "refused while locked",
                        attempt.decision().lockKind()).replaceWith((Result) new Result.Locked(attempt.decision()));
            }
            return Panache.withSession(() -> users.findWithGroups(username.trim()))
                    .flatMap(user -> hasher.matches(password, user == null ? null : user.passwordHash)
                            .flatMap(matches -> matches && !user.disabled
                                    ? attempt.passed().flatMap(v -> passed(request, anonymous, user, deviceToken))
                                            .call(result -> complete(result)
                                                    ? guard.signedIn(key).onFailure().recoverWithNull()
                                                    : Uni.createFrom().voidItem())
                                    : failed(request, attempt, user == null ? null : user.username,
                                            AuditEvent.Type.LOGIN, user == null
                                                    ? "unknown user (" + username.trim().length() + " characters)"
                                                    : user.disabled ? "disabled user" : "wrong password")))
                    // A store that failed mid-way decided nothing: the attempt must not count (if not settled yet).
                    .onFailure().call(failure -> attempt.release());
        });
    }

    /**
     * A TOTP code from any of the user's verified credentials.
     *
     * @param trustAs a name to trust this browser under once the code is accepted, or null
     */
    public Uni<Result> totp(PortalRequest request, Session session, String code, String trustAs) {
        AuditLog.Actor actor = request.actor(session.username());
        return activeUser(session).flatMap(user -> user == null ? signedOut(session) : checkCode(request, user, code)
                .flatMap(outcome -> secondFactorOutcome(request, actor, session, user, outcome, AuditEvent.Type.TOTP))
                .flatMap(result -> trustAs == null || !(result instanceof Result.Passed passed) ? Uni.createFrom().item(result)
                        : trust(request, user, trustAs, passed)));
    }

    /** Confirms a sensitive change with a code: the session's last code is now. Nothing else changes. */
    public Uni<Result> confirm(PortalRequest request, Session session, String code) {
        AuditLog.Actor actor = request.actor(session.username());
        return activeUser(session).flatMap(user -> user == null ? signedOut(session) : checkCode(request, user, code)
                .flatMap(outcome -> outcome instanceof CodeVerifier.Outcome.Accepted
                        ? audit.record(actor, AuditEvent.Type.TOTP, AuditEvent.Outcome.SUCCESS, "confirmation")
                                .flatMap(v -> sessions.update(session.withLastTwoFactorAt(java.time.Instant.now())))
                                .map(s -> (Result) new Result.Passed(s, Optional.empty()))
                        : secondFactorOutcome(request, actor, session, user, outcome, AuditEvent.Type.TOTP)));
    }

    private Uni<Result> trust(PortalRequest request, User user, String name, Result.Passed passed) {
        return policy.current().flatMap(settings -> !settings.devicesCanBeTrusted() ? Uni.createFrom().item(passed)
                : devices.trust(user.id, name, request.clientAddress(), request.userAgent(), settings)
                        .call(issued -> audit.record(request.actor(user.username), AuditEvent.Type.DEVICE_TRUSTED,
                                AuditEvent.Outcome.SUCCESS, "device " + issued.device().id))
                        .map(issued -> new Result.Passed(passed.session(), passed.recoveryCodesLeft(),
                                Optional.of(new Trust(issued.token(), settings.trustedDeviceValidity())))));
    }

    /** A recovery code: works once, counts as an attempt when wrong. */
    public Uni<Result> recoveryCode(PortalRequest request, Session session, String typed) {
        return recoveryCode(request, session, typed, Session.Pending.NONE);
    }

    /** @param next what the session still owes after the code: a new authenticator when the old ones expired */
    public Uni<Result> recoveryCode(PortalRequest request, Session session, String typed, Session.Pending next) {
        Optional<String> code = RecoveryCodes.normalize(typed);
        if (code.isEmpty()) {
            return Uni.createFrom().item(new Result.Malformed());
        }
        AuditLog.Actor actor = request.actor(session.username());
        String key = userKey(session.username());
        return activeUser(session).flatMap(user -> user == null ? signedOut(session) : guard
                .reserve(key, user.admin, request.clientAddress()).flatMap(attempt -> {
                    if (attempt.refused()) {
                        return Uni.createFrom().item((Result) new Result.Locked(attempt.decision()));
                    }
                    return recoveryCodes.use(user.id, code.get()).flatMap(left -> left.isPresent()
                            ? attempt.signedIn()
                                    .flatMap(v -> audit.record(actor, AuditEvent.Type.RECOVERY_CODE,
                                            AuditEvent.Outcome.SUCCESS, left.get() + " left"))
                                    .flatMap(v -> sessions.changeLevel(session, session.username(), AuthLevel.TWO_FACTOR,
                                            session.identity(), next))
                                    .map(moved -> (Result) new Result.Passed(moved, left.filter(n -> n <= RecoveryCodes.LOW)))
                            : failed(request, attempt, user.username, AuditEvent.Type.RECOVERY_CODE,
                                    "wrong or used code"))
                            .onFailure().call(failure -> attempt.release());
                }));
    }

    /** Confirms an enrollment with a current code; afterwards the session has both factors. */
    public Uni<Result> confirmEnrollment(PortalRequest request, Session session, TotpCredential pending, String name,
            String code) {
        AuditLog.Actor actor = request.actor(session.username());
        return activeUser(session).flatMap(user -> user == null ? signedOut(session) : credentials
                .confirm(attempt(request, user), pending, name, code)
                .flatMap(outcome -> secondFactorOutcome(request, actor, session, user, outcome,
                        AuditEvent.Type.ENROLLMENT))
                .call(result -> result instanceof Result.Passed
                        ? policy.current().flatMap(settings -> expiry.afterEnrollment(actor, user.id, settings))
                        : Uni.createFrom().voidItem()));
    }

    /** A code against every verified credential of the user that has not expired. */
    private Uni<CodeVerifier.Outcome> checkCode(PortalRequest request, User user, String code) {
        return policy.current().flatMap(settings -> credentials.verifiedOf(user.id)
                .flatMap(verified -> credentials.verify(attempt(request, user), CredentialExpiry.live(verified, settings),
                        code)));
    }

    /** The session's user, or null when removed or disabled since the password step. */
    private Uni<User> activeUser(Session session) {
        return Panache.withSession(() -> users.findByUsername(session.username()))
                .map(user -> user == null || user.disabled ? null : user);
    }

    private Uni<Result> signedOut(Session session) {
        return sessions.delete(session).invoke(v -> ended(session)).replaceWith(new Result.SignedOut());
    }

    /** Tells this replica (open WebSocket tunnels, for one) that the session has ended. */
    private void ended(Session session) {
        if (session.signedIn()) {
            ended.fire(new SessionsEnded(Set.of(SessionStore.handle(session.id()))));
        }
    }

    /** Skips enrollment during the grace period: the password alone is the sign-in, this time. */
    public Uni<Session> skipEnrollment(Session session) {
        return sessions.update(session.withPending(Session.Pending.NONE));
    }

    /** The user confirmed an authenticator in another session: this password-only one now owes a code from it. */
    public Uni<Session> owesCode(Session session) {
        return sessions.update(session.withPending(Session.Pending.SECOND_FACTOR));
    }

    /** A renewal whose recovery code is no longer recent: another one before the new authenticator. */
    public Uni<Session> owesRecoveryCode(Session session) {
        return sessions.update(session.withPending(Session.Pending.RENEWAL));
    }

    /** Signing out with no live session still ends this browser's trust, whoever it was for. */
    public Uni<Boolean> forgetDevice(String deviceToken) {
        return devices.byToken(deviceToken).flatMap(device -> device.isEmpty() ? Uni.createFrom().item(false)
                : devices.revoke(device.get().userId, device.get().id));
    }

    /** Ends the session; a trusted browser of this user stops being trusted. Answers whether one was. */
    public Uni<Boolean> logout(PortalRequest request, Session session, String deviceToken) {
        Uni<Boolean> untrusted = !session.signedIn() ? forgetDevice(deviceToken)
                : devices.byToken(deviceToken).flatMap(device -> device.isEmpty() ? Uni.createFrom().item(false)
                        : Panache.withSession(() -> users.findByUsername(session.username()))
                                .flatMap(user -> user != null && device.get().userId.equals(user.id)
                                        ? devices.revoke(user.id, device.get().id)
                                        : Uni.createFrom().item(false)));
        return untrusted.call(v -> sessions.delete(session).invoke(deleted -> ended(session)))
                .call(wasTrusted -> session.signedIn()
                        ? audit.record(request.actor(session.username()), AuditEvent.Type.LOGOUT,
                                AuditEvent.Outcome.SUCCESS, wasTrusted ? "device trust removed" : null)
                        : Uni.createFrom().voidItem());
    }

    private Uni<Result> passed(PortalRequest request, Session anonymous, User user, String deviceToken) {
        AuditLog.Actor actor = request.actor(user.username);
        // Expired credentials are not removed here when none is left: the password alone must not lead to a new one.
        return policy.current().flatMap(settings -> expiry.atPassword(actor, user.id, settings)
                .flatMap(credentialState -> Panache.withTransaction(() -> users.findById(user.id).map(fresh -> {
                    SecondFactorRequirement requirement = requirement(settings, fresh, user,
                            credentialState.anyVerified());
                    fresh.lastLoginAt = OffsetDateTime.now();
                    boolean mustEnroll = requirement.kind() == SecondFactorRequirement.Kind.ENROLL_OR_SKIP
                            || requirement.kind() == SecondFactorRequirement.Kind.ENROLL;
                    if (mustEnroll && fresh.totpGraceStartedAt == null) {
                        fresh.totpGraceStartedAt = OffsetDateTime.now();
                    }
                    return requirement;
                }))
                .flatMap(requirement -> (credentialState.renewal(requirement)
                        ? Uni.createFrom().item(Optional.<TrustedDevice>empty())
                        : trustedDevice(request, user, requirement, settings, deviceToken))
                        .flatMap(device -> device.isPresent()
                                ? sessions.changeLevel(anonymous, user.username, AuthLevel.TWO_FACTOR, identity(user),
                                        Session.Pending.NONE, false)
                                        .call(session -> audit.record(actor, AuditEvent.Type.LOGIN,
                                                AuditEvent.Outcome.SUCCESS, "trusted device " + device.get().id))
                                : sessions.changeLevel(anonymous, user.username, AuthLevel.ONE_FACTOR, identity(user),
                                        credentialState.renewal(requirement) ? Session.Pending.RENEWAL
                                                : pending(requirement))
                                        .call(session -> audit.record(actor, AuditEvent.Type.LOGIN,
                                                AuditEvent.Outcome.SUCCESS,
                                                "next: " + session.pending().name().toLowerCase(Locale.ROOT)))))))
                .map(session -> new Result.Passed(session, Optional.empty()));
    }

    /** The browser's trust for this user, when a code would be asked and trust is on. */
    private Uni<Optional<TrustedDevice>> trustedDevice(PortalRequest request, User user,
            SecondFactorRequirement requirement, PolicySettings settings, String deviceToken) {
        if (requirement.kind() != SecondFactorRequirement.Kind.CHALLENGE || !settings.devicesCanBeTrusted()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return devices.recognise(user.id, deviceToken, request.clientAddress(), request.userAgent());
    }

    private static SecondFactorRequirement requirement(PolicySettings settings, User fresh, User withGroups,
            boolean hasVerified) {
        List<String> groups = withGroups.groups.stream().map(g -> g.name).toList();
        Instant graceStart = fresh.totpGraceStartedAt == null ? null : fresh.totpGraceStartedAt.toInstant();
        return SecondFactorRequirement.decide(settings,
                new SecondFactorRequirement.Subject(groups, fresh.admin, hasVerified, graceStart), Instant.now());
    }

    private static Session.Pending pending(SecondFactorRequirement requirement) {
        return switch (requirement.kind()) {
            case NOT_NEEDED -> Session.Pending.NONE;
            case CHALLENGE -> Session.Pending.SECOND_FACTOR;
            case ENROLL_OR_SKIP -> Session.Pending.ENROLLMENT_OPTIONAL;
            case ENROLL -> Session.Pending.ENROLLMENT;
        };
    }

    private Uni<Result> secondFactorOutcome(PortalRequest request, AuditLog.Actor actor, Session session, User user,
            CodeVerifier.Outcome outcome, AuditEvent.Type type) {
        if (outcome instanceof CodeVerifier.Outcome.Accepted) {
            Uni<Session> next = session.level() == AuthLevel.TWO_FACTOR
                    ? sessions.update(session.withPending(Session.Pending.NONE))
                    : sessions.changeLevel(session, session.username(), AuthLevel.TWO_FACTOR, session.identity(),
                            Session.Pending.NONE);
            return audit.record(actor, type, AuditEvent.Outcome.SUCCESS, null)
                    .flatMap(v -> next)
                    .flatMap(s -> lowRecoveryCodes(user).map(left -> (Result) new Result.Passed(s, left)));
        }
        if (outcome instanceof CodeVerifier.Outcome.WrongCode wrong) {
            return audit.record(actor, type, AuditEvent.Outcome.FAILURE, "wrong code")
                    .replaceWith(new Result.Wrong(wrong.attemptsLeft()));
        }
        if (outcome instanceof CodeVerifier.Outcome.Replay) {
            return audit.record(actor, type, AuditEvent.Outcome.REPLAY, "code already used")
                    .replaceWith(new Result.Replay());
        }
        if (outcome instanceof CodeVerifier.Outcome.Locked locked) {
            return refusedUnchecked(actor, AuditEvent.Type.LOCKOUT, type.name().toLowerCase(Locale.ROOT), locked.kind())
                    .replaceWith(new Result.Locked(locked.until(), locked.kind()));
        }
        if (outcome instanceof CodeVerifier.Outcome.Malformed) {
            return Uni.createFrom().item(new Result.Malformed());
        }
        return Uni.createFrom().item(new Result.Unavailable());
    }

    /** The number of unused recovery codes when it is low enough to warn about. */
    private Uni<Optional<Long>> lowRecoveryCodes(User user) {
        return policy.current().flatMap(settings -> !settings.recoveryCodesEnabled()
                ? Uni.createFrom().item(Optional.<Long>empty())
                : recoveryCodes.remaining(user.id).map(left -> left <= RecoveryCodes.LOW ? Optional.of(left)
                        : Optional.<Long>empty()));
    }

    /** A sign-in that needs nothing more: the user's failures are forgotten (a password alone never does that). */
    private static boolean complete(Result result) {
        return result instanceof Result.Passed passed && passed.session().satisfiesTwoFactor();
    }

    /**
     * Audits an attempt refused by the user's lock. One refused because its network's queue is too
     * long is not audited one by one: such refusals come as fast as anyone can send them, and cost
     * nothing else; the refusal is logged and counted when it starts (see the guard).
     */
    private Uni<Void> refusedUnchecked(AuditLog.Actor actor, AuditEvent.Type type, String details,
            SecondFactorGuard.LockKind kind) {
        return kind == SecondFactorGuard.LockKind.ADDRESS ? Uni.createFrom().voidItem()
                : audit.record(actor, type, AuditEvent.Outcome.LOCKED, details).replaceWithVoid();
    }

    /** Settles a reserved attempt as failed: counted, and locking at the limit. */
    private Uni<Result> failed(PortalRequest request, Attempt attempt, String knownUsername, AuditEvent.Type type,
            String details) {
        AuditLog.Actor actor = request.actor(knownUsername);
        return attempt.failed(knownUsername).flatMap(decision -> decision.locked()
                ? audit.record(actor, AuditEvent.Type.LOCKOUT, AuditEvent.Outcome.LOCKED,
                        type.name().toLowerCase(Locale.ROOT) + ": " + details)
                        .replaceWith((Result) new Result.Locked(decision))
                : audit.record(actor, type, AuditEvent.Outcome.FAILURE, details)
                        .replaceWith(new Result.Wrong(Math.max(0, decision.limit() - decision.userFailures()))));
    }

    private static TotpCredentials.Attempt attempt(PortalRequest request, User user) {
        return new TotpCredentials.Attempt(userKey(user.username), user.admin, request.clientAddress());
    }

    private static Session.Identity identity(User user) {
        return new Session.Identity(user.displayName, user.email,
                user.groups.stream().map((Group g) -> g.name).sorted().toList(), user.admin, user.secondFactorResets);
    }
}
