package io.tollgate.signin;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditLog;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;

/**
 * A session that passed with the password alone is decided again once the policy changes: a
 * user who has become required is asked for a code, or to enroll, at their next request, not at
 * their next sign-in. A user the change leaves as they were keeps their session, stamped with the
 * policy now in force. The gate sends such a session to the portal, which runs this step first.
 */
@ApplicationScoped
public class PolicyRecheckStep {

    private final PolicySettingsSource policy;
    private final SignInUsers users;
    private final CredentialExpiry expiry;
    private final SessionChanges sessions;

    PolicyRecheckStep(PolicySettingsSource policy, SignInUsers users, CredentialExpiry expiry, SessionChanges sessions) {
        this.policy = policy;
        this.users = users;
        this.expiry = expiry;
        this.sessions = sessions;
    }

    /**
     * The session as the policy in force has it: itself when nothing is to decide again, or null
     * when it was ended (its user is gone or disabled: nothing would ever open for it).
     */
    public Uni<Session> recheck(Session session) {
        // Only a session that passed with the password alone can owe something new: others need no look.
        if (session.level() != AuthLevel.ONE_FACTOR || session.pending() != Session.Pending.NONE) {
            return Uni.createFrom().item(session);
        }
        return policy.current().flatMap(settings -> {
            int stamp = settings.requirementStamp();
            if (!session.passedWithoutCodeUnderAnotherPolicy(stamp)) {
                return Uni.createFrom().item(session);
            }
            return users.withGroups(session.username()).flatMap(user -> {
                if (user == null || user.disabled || user.serviceAccount) {
                    return sessions.delete(session).invoke(v -> users.ended(session)).replaceWith((Session) null);
                }
                // The same decision as at the password step, expired authenticators included.
                return expiry.atPassword(new AuditLog.Actor(user.username, session.client().address(),
                        session.client().userAgent()), user.id, settings)
                        .flatMap(state -> users.requirementNow(user, settings, state.anyVerified())
                                .flatMap(requirement -> sessions.update(session
                                        .withIdentity(session.identity().withPolicyStamp(stamp))
                                        .withPending(state.renewal(requirement) ? Session.Pending.RENEWAL
                                                : PasswordStep.pending(requirement)))));
            });
        });
    }
}
