package io.tollgate.signin;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.User;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.guard.Attempt;
import io.tollgate.guard.CodeVerifier;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;

/** What the steps share once a code or a password has been checked: audit, session, result. */
@ApplicationScoped
class Outcomes {

    private final SessionChanges sessions;
    private final AuditLog audit;
    private final RecoveryCodes recoveryCodes;
    private final PolicySettingsSource policy;

    Outcomes(SessionChanges sessions, AuditLog audit, RecoveryCodes recoveryCodes, PolicySettingsSource policy) {
        this.sessions = sessions;
        this.audit = audit;
        this.recoveryCodes = recoveryCodes;
        this.policy = policy;
    }

    /** A checked code: an accepted one gives the session both factors; the others are audited and answered. */
    Uni<SignInResult> ofCode(AuditLog.Actor actor, Session session, User user, CodeVerifier.Outcome outcome,
            AuditEvent.Type type) {
        if (outcome instanceof CodeVerifier.Outcome.Accepted) {
            Uni<Session> next = session.level() == AuthLevel.TWO_FACTOR
                    ? sessions.update(session.withPending(Session.Pending.NONE))
                    : sessions.changeLevel(session, session.username(), AuthLevel.TWO_FACTOR, session.identity(),
                            Session.Pending.NONE);
            return audit.record(actor, type, AuditEvent.Outcome.SUCCESS, null)
                    .flatMap(v -> next)
                    .flatMap(s -> lowRecoveryCodes(user).map(left -> (SignInResult) new SignInResult.Passed(s, left)));
        }
        if (outcome instanceof CodeVerifier.Outcome.WrongCode wrong) {
            return audit.record(actor, type, AuditEvent.Outcome.FAILURE,
                    wrong.fromAnotherTime() ? "code of another time (the phone's clock?)" : "wrong code")
                    .replaceWith(new SignInResult.Wrong(wrong.attemptsLeft(), wrong.fromAnotherTime()));
        }
        if (outcome instanceof CodeVerifier.Outcome.Replay) {
            return audit.record(actor, type, AuditEvent.Outcome.REPLAY, "code already used")
                    .replaceWith(new SignInResult.Replay());
        }
        if (outcome instanceof CodeVerifier.Outcome.Locked locked) {
            return refused(actor, AuditEvent.Type.LOCKOUT, type.name().toLowerCase(Locale.ROOT), locked.kind())
                    .replaceWith(new SignInResult.Locked(locked.until(), locked.kind()));
        }
        if (outcome instanceof CodeVerifier.Outcome.Malformed) {
            return Uni.createFrom().item(new SignInResult.Malformed());
        }
        return Uni.createFrom().item(new SignInResult.Unavailable());
    }

    /** The number of unused recovery codes when it is low enough to warn about. */
    Uni<Optional<Long>> lowRecoveryCodes(User user) {
        return policy.current().flatMap(settings -> !settings.recoveryCodesEnabled()
                ? Uni.createFrom().item(Optional.<Long>empty())
                : recoveryCodes.remaining(user.id).map(left -> left <= RecoveryCodes.LOW ? Optional.of(left)
                        : Optional.<Long>empty()));
    }

    /**
     * Audits an attempt refused by the user's lock. One refused because its network's queue is too
     * long is not audited one by one: such refusals come as fast as anyone can send them, and cost
     * nothing else; the refusal is logged and counted when it starts (see the guard).
     */
    Uni<Void> refused(AuditLog.Actor actor, AuditEvent.Type type, String details, SecondFactorGuard.LockKind kind) {
        return kind == SecondFactorGuard.LockKind.ADDRESS ? Uni.createFrom().voidItem()
                : audit.record(actor, type, AuditEvent.Outcome.LOCKED, details).replaceWithVoid();
    }

    /** Settles a reserved attempt as failed: counted, and locking at the limit. */
    Uni<SignInResult> failed(Client client, Attempt attempt, String knownUsername, AuditEvent.Type type,
            String details) {
        AuditLog.Actor actor = client.actor(knownUsername);
        return attempt.failed(knownUsername).flatMap(decision -> decision.locked()
                ? audit.record(actor, AuditEvent.Type.LOCKOUT, AuditEvent.Outcome.LOCKED,
                        type.name().toLowerCase(Locale.ROOT) + ": " + details)
                        .replaceWith((SignInResult) new SignInResult.Locked(decision))
                : audit.record(actor, type, AuditEvent.Outcome.FAILURE, details)
                        .replaceWith(new SignInResult.Wrong(Math.max(0, decision.limit() - decision.userFailures()))));
    }
}
