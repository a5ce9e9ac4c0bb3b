package io.tollgate.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.credential.TotpCredential;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;
import io.tollgate.session.SessionStore;

/**
 * Enrollment during sign-in: a new authenticator confirmed with a current code gives the
 * session both factors; in the grace period it may be skipped, this time.
 */
@ApplicationScoped
public class EnrollmentStep {

    private final SignInUsers users;
    private final TotpCredentials credentials;
    private final PolicySettingsSource policy;
    private final SessionChanges sessions;
    private final CredentialExpiry expiry;
    private final Outcomes outcomes;
    private final RecoveryCodes recoveryCodes;

    EnrollmentStep(SignInUsers users, TotpCredentials credentials, PolicySettingsSource policy, SessionChanges sessions,
            CredentialExpiry expiry, Outcomes outcomes, RecoveryCodes recoveryCodes) {
        this.users = users;
        this.credentials = credentials;
        this.policy = policy;
        this.sessions = sessions;
        this.expiry = expiry;
        this.outcomes = outcomes;
        this.recoveryCodes = recoveryCodes;
    }

    /**
     * Signed in with a password and not owing a code first: a required or an opted-in
     * enrollment. After every authenticator expired, a recovery code comes first.
     */
    public static boolean mayEnroll(Session session) {
        return session.signedIn() && session.pending() != Session.Pending.SECOND_FACTOR
                && session.pending() != Session.Pending.RENEWAL;
    }

    /** Whole days left in the user's grace period (at least 1 while it runs), for the setup page. */
    public Uni<Long> graceDaysLeft(Session session) {
        return users.byUsername(session.username()).flatMap(user -> policy.current().map(settings -> {
            if (user == null || user.totpGraceStartedAt == null) {
                return (long) settings.graceDays();
            }
            Instant ends = user.totpGraceStartedAt.toInstant().plus(Duration.ofDays(settings.graceDays()));
            return Math.max(1, (Duration.between(Instant.now(), ends).toHours() + 23) / 24);
        }));
    }

    /** The authenticator this session is setting up, made on first ask (one per session). */
    public Uni<TotpCredential> pending(Session session) {
        return users.byUsername(session.username())
                .flatMap(user -> credentials.enrollment(user.id, SessionStore.handle(session.id())));
    }

    /** The authenticator the form names, if it is still this session's and not confirmed. */
    public Uni<Optional<TotpCredential>> pending(Session session, UUID id) {
        return users.byUsername(session.username())
                .flatMap(user -> credentials.pendingEnrollment(user.id, id, SessionStore.handle(session.id())));
    }

    /** Whether the authenticator the form names was confirmed a moment ago (the same form sent twice). */
    public Uni<Boolean> justConfirmed(Session session, UUID id) {
        return users.byUsername(session.username()).flatMap(user -> user == null ? Uni.createFrom().item(false)
                : credentials.justConfirmed(user.id, id));
    }

    /**
     * After a confirmed enrollment: a first authenticator comes with recovery codes (shown until written down,
     * returned here); a second one keeps the set the user has (empty).
     */
    public Uni<Optional<List<String>>> recoveryCodesAfter(Session session) {
        return policy.current().flatMap(settings -> !settings.recoveryCodesEnabled()
                ? Uni.createFrom().item(Optional.<List<String>>empty())
                : users.byUsername(session.username()).flatMap(user -> recoveryCodes.remaining(user.id)
                        .flatMap(left -> left > 0 ? Uni.createFrom().item(Optional.<List<String>>empty())
                                : recoveryCodes.issue(user.id).map(Optional::of))));
    }

    /** Confirms the pending authenticator with a current code; expired ones are then retired. */
    public Uni<SignInResult> confirm(Client client, Session session, TotpCredential pending, String name, String code) {
        AuditLog.Actor actor = client.actor(session.username());
        return users.active(session).flatMap(user -> user == null ? users.signedOut(session) : credentials
                .confirm(SignInUsers.attempt(client, user), pending, name, code)
                .flatMap(outcome -> outcomes.ofCode(actor, session, user, outcome, AuditEvent.Type.ENROLLMENT))
                .call(result -> result instanceof SignInResult.Passed
                        ? policy.current().flatMap(settings -> expiry.afterEnrollment(actor, user.id, settings))
                        : Uni.createFrom().voidItem()));
    }

    /** Skips enrollment during the grace period: the password alone is the sign-in, this time. */
    public Uni<Session> skip(Session session) {
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
}
