package io.tollgate.signin;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.credential.TotpCredential;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.SecondFactorRequirement;

/**
 * The credential lifetime (policy setting): an expired authenticator no longer gives codes,
 * and the password alone never replaces it. When every authenticator of a user expired, the
 * sign-in asks for a recovery code (or, without one, an administrator's reset) before a new
 * one is enrolled; the expired ones and the old recovery codes are removed only once the new
 * one is confirmed.
 */
@ApplicationScoped
public class CredentialExpiry {

    /** What the password step found about the user's authenticators. */
    public record AtPassword(boolean anyVerified, boolean allExpired) {

        /** A code would be asked, but no authenticator can give one any more. */
        public boolean renewal(SecondFactorRequirement requirement) {
            return allExpired && requirement.kind() == SecondFactorRequirement.Kind.CHALLENGE;
        }
    }

    private final TotpCredentials credentials;
    private final RecoveryCodes recoveryCodes;
    private final AuditLog audit;

    public CredentialExpiry(TotpCredentials credentials, RecoveryCodes recoveryCodes, AuditLog audit) {
        this.credentials = credentials;
        this.recoveryCodes = recoveryCodes;
        this.audit = audit;
    }

    /** The verified credentials still within the lifetime: the only ones whose codes count. */
    public static List<TotpCredential> live(List<TotpCredential> verified, PolicySettings settings) {
        OffsetDateTime now = OffsetDateTime.now();
        return verified.stream().filter(c -> !TotpCredentials.expired(c, settings.credentialLifetime(), now)).toList();
    }

    /**
     * At the password step. Expired authenticators beside a valid one are removed (the valid
     * one still stands between the password and the account); when all expired, nothing is
     * removed and the expiry is audited.
     */
    public Uni<AtPassword> atPassword(AuditLog.Actor actor, Long userId, PolicySettings settings) {
        return credentials.verifiedOf(userId).flatMap(verified -> {
            int live = live(verified, settings).size();
            int expired = verified.size() - live;
            if (expired == 0) {
                return Uni.createFrom().item(new AtPassword(!verified.isEmpty(), false));
            }
            if (live > 0) {
                return credentials.removeExpired(userId, settings.credentialLifetime())
                        .call(removed -> audit.record(actor, AuditEvent.Type.CREDENTIAL_EXPIRED,
                                AuditEvent.Outcome.SUCCESS, removed + " removed at login, " + live + " still valid"))
                        .replaceWith(new AtPassword(true, false));
            }
            return audit.record(actor, AuditEvent.Type.CREDENTIAL_EXPIRED, AuditEvent.Outcome.SUCCESS, expired
                    + " expired, none valid: a recovery code or an administrator's reset comes before a new one")
                    .replaceWith(new AtPassword(true, true));
        });
    }

    /**
     * After a new authenticator is confirmed: the expired ones go; when none of the old ones was
     * still valid (a re-enrollment after expiry), the old recovery codes go too, and a new set
     * is issued with the new authenticator.
     */
    public Uni<Void> afterEnrollment(AuditLog.Actor actor, Long userId, PolicySettings settings) {
        if (!settings.credentialsExpire()) {
            return Uni.createFrom().voidItem();
        }
        return credentials.removeExpired(userId, settings.credentialLifetime()).flatMap(removed -> removed == 0
                ? Uni.createFrom().voidItem()
                : credentials.verifiedOf(userId).flatMap(left -> left.size() > 1
                        ? audit.record(actor, AuditEvent.Type.CREDENTIAL_EXPIRED, AuditEvent.Outcome.SUCCESS,
                                removed + " removed after a new one was added")
                        : recoveryCodes.revokeAll(userId).flatMap(codes -> audit.record(actor,
                                AuditEvent.Type.CREDENTIAL_EXPIRED, AuditEvent.Outcome.SUCCESS, "re-enrolled after expiry: "
                                        + removed + " expired removed, " + codes + " old recovery codes revoked"))));
    }
}
