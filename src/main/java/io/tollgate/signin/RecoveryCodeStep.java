package io.tollgate.signin;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.guard.AttemptCounters;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;

/** A recovery code in place of a TOTP code: works once, counts as an attempt when wrong. */
@ApplicationScoped
public class RecoveryCodeStep {

    private final SignInUsers users;
    private final RecoveryCodes recoveryCodes;
    private final AttemptCounters guard;
    private final SessionChanges sessions;
    private final Outcomes outcomes;
    private final AuditLog audit;
    private final PolicySettingsSource policy;

    RecoveryCodeStep(SignInUsers users, RecoveryCodes recoveryCodes, AttemptCounters guard, SessionChanges sessions,
            Outcomes outcomes, AuditLog audit, PolicySettingsSource policy) {
        this.users = users;
        this.recoveryCodes = recoveryCodes;
        this.guard = guard;
        this.sessions = sessions;
        this.outcomes = outcomes;
        this.audit = audit;
        this.policy = policy;
    }

    /** Recovery codes are on and the session's user has an unused one. */
    public Uni<Boolean> usable(Session session) {
        return policy.current().flatMap(settings -> !settings.recoveryCodesEnabled() ? Uni.createFrom().item(false)
                : users.byUsername(session.username()).flatMap(user -> user == null ? Uni.createFrom().item(false)
                        : recoveryCodes.remaining(user.id).map(left -> left > 0)));
    }

    /** The second factor of a sign-in. */
    public Uni<SignInResult> secondFactor(Client client, Session session, String typed) {
        return use(client, session, typed, Session.Pending.NONE);
    }

    /**
     * @param next what the session still owes after the code: a new authenticator when the old
     *        ones expired
     */
    public Uni<SignInResult> use(Client client, Session session, String typed, Session.Pending next) {
        Optional<String> code = RecoveryCodes.normalize(typed);
        if (code.isEmpty()) {
            return Uni.createFrom().item(new SignInResult.Malformed());
        }
        AuditLog.Actor actor = client.actor(session.username());
        String key = SignInUsers.userKey(session.username());
        return users.active(session).flatMap(user -> user == null ? users.signedOut(session) : guard
                .reserve(key, user.admin, client.address()).flatMap(attempt -> {
                    if (attempt.refused()) {
                        return Uni.createFrom().item((SignInResult) new SignInResult.Locked(attempt.decision()));
                    }
                    return recoveryCodes.use(user.id, code.get()).flatMap(left -> left.isPresent()
                            ? attempt.signedIn()
                                    .flatMap(v -> audit.record(actor, AuditEvent.Type.RECOVERY_CODE,
                                            AuditEvent.Outcome.SUCCESS, left.get() + " left"))
                                    .flatMap(v -> sessions.changeLevel(session, session.username(),
                                            AuthLevel.TWO_FACTOR, session.identity(), next))
                                    .map(moved -> (SignInResult) new SignInResult.Passed(moved,
                                            left.filter(n -> n <= RecoveryCodes.LOW)))
                            : outcomes.failed(client, attempt, user.username, AuditEvent.Type.RECOVERY_CODE,
                                    "wrong or used code"))
                            .onFailure().call(failure -> attempt.release());
                }));
    }
}
