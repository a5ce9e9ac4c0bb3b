package io.tollgate.signin;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.policy.PolicySettingsSource;
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
    private final TotpCredentials credentials;
    private final SessionChanges sessions;

    PolicyRecheckStep(PolicySettingsSource policy, SignInUsers users, TotpCredentials credentials,
            SessionChanges sessions) {
        this.policy = policy;
        this.users = users;
        this.credentials = credentials;
        this.sessions = sessions;
    }

    /** The session as the policy in force has it: itself when nothing is to decide again. */
    public Uni<Session> recheck(Session session) {
        if (!session.signedIn()) {
            return Uni.createFrom().item(session);
        }
        return policy.current().flatMap(settings -> {
            int stamp = settings.requirementStamp();
            if (!session.passedWithoutCodeUnderAnotherPolicy(stamp)) {
                return Uni.createFrom().item(session);
            }
            return users.withGroups(session.username()).flatMap(user -> {
                if (user == null || user.disabled) {
                    // The account-change watch ends it; nothing opens meanwhile.
                    return Uni.createFrom().item(session);
                }
                return credentials.verifiedOf(user.id)
                        .flatMap(verified -> users.requirementNow(user, settings, !verified.isEmpty()))
                        .flatMap(requirement -> sessions.update(session
                                .withIdentity(session.identity().withPolicyStamp(stamp))
                                .withPending(PasswordStep.pending(requirement))));
            });
        });
    }
}
