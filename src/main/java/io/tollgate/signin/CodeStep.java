package io.tollgate.signin;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.User;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.guard.CodeVerifier;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;

/**
 * A TOTP code from any of the user's live authenticators: the second factor of a sign-in, or
 * the confirmation a sensitive change asks for.
 */
@ApplicationScoped
public class CodeStep {

    private final SignInUsers users;
    private final TotpCredentials credentials;
    private final PolicySettingsSource policy;
    private final SessionChanges sessions;
    private final TrustedDeviceStep trustedDevices;
    private final Outcomes outcomes;
    private final AuditLog audit;

    CodeStep(SignInUsers users, TotpCredentials credentials, PolicySettingsSource policy, SessionChanges sessions,
            TrustedDeviceStep trustedDevices, Outcomes outcomes, AuditLog audit) {
        this.users = users;
        this.credentials = credentials;
        this.policy = policy;
        this.sessions = sessions;
        this.trustedDevices = trustedDevices;
        this.outcomes = outcomes;
        this.audit = audit;
    }

    /** @param trustAs a name to trust this browser under once the code is accepted, or null */
    public Uni<SignInResult> secondFactor(Client client, Session session, String code, String trustAs) {
        AuditLog.Actor actor = client.actor(session.username());
        return users.active(session).flatMap(user -> user == null ? users.signedOut(session) : check(client, user, code)
                .flatMap(outcome -> outcomes.ofCode(actor, session, user, outcome, AuditEvent.Type.TOTP))
                .flatMap(result -> trustAs == null || !(result instanceof SignInResult.Passed passed)
                        ? Uni.createFrom().item(result)
                        : trustedDevices.trust(client, user, trustAs, passed)));
    }

    /** Confirms a sensitive change: the session's last code is now. Nothing else changes. */
    public Uni<SignInResult> confirm(Client client, Session session, String code) {
        AuditLog.Actor actor = client.actor(session.username());
        return users.active(session).flatMap(user -> user == null ? users.signedOut(session) : check(client, user, code)
                .flatMap(outcome -> outcome instanceof CodeVerifier.Outcome.Accepted
                        ? audit.record(actor, AuditEvent.Type.TOTP, AuditEvent.Outcome.SUCCESS, "confirmation")
                                .flatMap(v -> sessions.update(session.withLastTwoFactorAt(Instant.now())))
                                .map(s -> (SignInResult) new SignInResult.Passed(s, Optional.empty()))
                        : outcomes.ofCode(actor, session, user, outcome, AuditEvent.Type.TOTP)));
    }

    /** A code against every verified authenticator of the user that has not expired. */
    private Uni<CodeVerifier.Outcome> check(Client client, User user, String code) {
        return policy.current().flatMap(settings -> credentials.verifiedOf(user.id)
                .flatMap(verified -> credentials.verify(SignInUsers.attempt(client, user),
                        CredentialExpiry.live(verified, settings), code)));
    }
}
