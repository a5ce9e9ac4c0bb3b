package io.tollgate.signin;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.PasswordHasher;
import io.tollgate.account.User;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.device.TrustedDevice;
import io.tollgate.guard.AttemptCounters;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.policy.SecondFactorRequirement;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;

/**
 * The first factor, then what the policy asks of this user: a code, a recovery code before a
 * new authenticator, enrollment, or nothing (a trusted browser counts as the code). Every
 * failure counts against the user and the client's network; a refused attempt (user locked,
 * or their network's queue too long) is answered before any password is hashed.
 */
@ApplicationScoped
public class PasswordStep {

    private final SignInUsers users;
    private final PasswordHasher hasher;
    private final AttemptCounters guard;
    private final SessionChanges sessions;
    private final PolicySettingsSource policy;
    private final CredentialExpiry expiry;
    private final TrustedDeviceStep trustedDevices;
    private final Outcomes outcomes;
    private final AuditLog audit;

    PasswordStep(SignInUsers users, PasswordHasher hasher, AttemptCounters guard,
            SessionChanges sessions, PolicySettingsSource policy, CredentialExpiry expiry,
            TrustedDeviceStep trustedDevices, Outcomes outcomes, AuditLog audit) {
        this.users = users;
        this.hasher = hasher;
        this.guard = guard;
        this.sessions = sessions;
        this.policy = policy;
        this.expiry = expiry;
        this.trustedDevices = trustedDevices;
        this.outcomes = outcomes;
        this.audit = audit;
    }

    /**
     * An unknown user, a disabled one, a service account (AuthKeys only) and a wrong password get the same answer, after the same
     * work (a full hash).
     *
     * @param anonymous the browser's session before sign-in
     * @param deviceToken the browser's trusted-device cookie, or null
     */
    public Uni<SignInResult> signIn(Client client, Session anonymous, String username, char[] password,
            String deviceToken) {
        String key = SignInUsers.userKey(username);
        // The same limit for everyone here: a stricter one for administrators would tell who they are.
        return guard.reserve(key, false, client.address()).flatMap(attempt -> {
            if (attempt.refused()) {
                return outcomes.refused(client.actor(null), AuditEvent.Type.LOGIN, "refused while locked",
                        attempt.decision().lockKind())
                        .replaceWith((SignInResult) new SignInResult.Locked(attempt.decision()));
            }
            return users.withGroups(username)
                    .flatMap(user -> hasher.matches(password, user == null ? null : user.passwordHash)
                            .flatMap(matches -> matches && !user.disabled && !user.serviceAccount
                                    ? attempt.passed().flatMap(v -> passed(client, anonymous, user, deviceToken))
                                            .call(result -> complete(result)
                                                    ? guard.signedIn(key).onFailure().recoverWithNull()
                                                    : Uni.createFrom().voidItem())
                                    : outcomes.failed(client, attempt, user == null ? null : user.username,
                                            AuditEvent.Type.LOGIN, user == null
                                                    ? "unknown user (" + username.trim().length() + " characters)"
                                                    : user.disabled ? "disabled user"
                                                            : user.serviceAccount ? "service account" : "wrong password")))
                    // A store that failed mid-way decided nothing: the attempt must not count (if not settled yet).
                    .onFailure().call(failure -> attempt.release());
        });
    }

    private Uni<SignInResult> passed(Client client, Session anonymous, User user, String deviceToken) {
        AuditLog.Actor actor = client.actor(user.username);
        // Expired credentials are not removed here when none is left: the password alone must not lead to a new one.
        return policy.current().flatMap(settings -> expiry.atPassword(actor, user.id, settings)
                .flatMap(credentialState -> users.recordSignIn(user, settings, credentialState.anyVerified())
                .flatMap(requirement -> (credentialState.renewal(requirement)
                        ? Uni.createFrom().item(Optional.<TrustedDevice>empty())
                        : trustedDevices.recognise(client, user, requirement, settings, deviceToken))
                        .flatMap(device -> device.isPresent()
                                ? sessions.changeLevel(anonymous, user.username, AuthLevel.TWO_FACTOR,
                                        SignInUsers.identity(user, settings.requirementStamp()), Session.Pending.NONE, false)
                                        .call(session -> audit.record(actor, AuditEvent.Type.LOGIN,
                                                AuditEvent.Outcome.SUCCESS, "trusted device " + device.get().id))
                                : sessions.changeLevel(anonymous, user.username, AuthLevel.ONE_FACTOR,
                                        SignInUsers.identity(user, settings.requirementStamp()),
                                        credentialState.renewal(requirement)
                                                ? Session.Pending.RENEWAL
                                                : pending(requirement))
                                        .call(session -> audit.record(actor, AuditEvent.Type.LOGIN,
                                                AuditEvent.Outcome.SUCCESS,
                                                "next: " + session.pending().name().toLowerCase(Locale.ROOT)))))))
                .map(session -> new SignInResult.Passed(session, Optional.empty()));
    }

    static Session.Pending pending(SecondFactorRequirement requirement) {
        return switch (requirement.kind()) {
            case NOT_NEEDED -> Session.Pending.NONE;
            case CHALLENGE -> Session.Pending.SECOND_FACTOR;
            case ENROLL_OR_SKIP -> Session.Pending.ENROLLMENT_OPTIONAL;
            case ENROLL -> Session.Pending.ENROLLMENT;
        };
    }

    /** A sign-in that needs nothing more: the user's failures are forgotten (a password alone never does that). */
    private static boolean complete(SignInResult result) {
        return result instanceof SignInResult.Passed passed && passed.session().satisfiesTwoFactor();
    }
}
