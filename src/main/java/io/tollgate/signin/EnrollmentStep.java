package io.tollgate.signin;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.TotpCredential;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;

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

    EnrollmentStep(SignInUsers users, TotpCredentials credentials, PolicySettingsSource policy, SessionChanges sessions,
            CredentialExpiry expiry, Outcomes outcomes) {
        this.users = users;
        this.credentials = credentials;
        this.policy = policy;
        this.sessions = sessions;
        this.expiry = expiry;
        this.outcomes = outcomes;
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
