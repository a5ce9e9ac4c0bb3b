package io.tollgate.signin;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;
import io.tollgate.account.User;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;

/**
 * An administrator acting as another user, for support: applications then see that user, with
 * the administrator named as impersonator; the user is asked for nothing. Only an administrator
 * signed in with two factors may start it (the portal also asks for a recent code); it ends on
 * "stop", at logout, or by itself after {@code tollgate.delegation.max-duration}. Start and end
 * are audited under the administrator's name.
 */
@ApplicationScoped
public class DelegationStep {

    /** How an attempt to start ended. */
    public enum Start {
        STARTED, NOT_ALLOWED, NO_SUCH_USER, SELF, DISABLED
    }

    private final SignInUsers users;
    private final SessionChanges sessions;
    private final AuditLog audit;
    private final boolean enabled;
    private final Duration maxDuration;

    DelegationStep(SignInUsers users, SessionChanges sessions, AuditLog audit, DelegationConfig config) {
        if (config.maxDuration().isNegative() || config.maxDuration().isZero()
                || config.maxDuration().compareTo(Duration.ofHours(8)) > 0) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.delegation.max-duration: "
                    + "must be between 1s and 8h, got " + config.maxDuration());
        }
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.enabled = config.enabled();
        this.maxDuration = config.maxDuration();
    }

    /** Whether this session may act as someone: an administrator's, with both factors. */
    public boolean allowed(Session session) {
        return enabled && session.identity().admin() && session.level() == AuthLevel.TWO_FACTOR
                && session.satisfiesTwoFactor();
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    public Uni<Start> start(Client client, Session session, String targetUsername) {
        if (!allowed(session)) {
            return Uni.createFrom().item(Start.NOT_ALLOWED);
        }
        String wanted = targetUsername == null ? "" : targetUsername.strip();
        if (wanted.isEmpty() || wanted.length() > 128) {
            return Uni.createFrom().item(Start.NO_SUCH_USER);
        }
        return users.withGroups(wanted).flatMap(target -> {
            if (target == null) {
                return Uni.createFrom().item(Start.NO_SUCH_USER);
            }
            if (target.username.equalsIgnoreCase(session.username())) {
                return Uni.createFrom().item(Start.SELF);
            }
            if (target.disabled) {
                return Uni.createFrom().item(Start.DISABLED);
            }
            Instant now = Instant.now();
            Session.Delegation delegation = new Session.Delegation(target.username, identity(target), now,
                    now.plus(maxDuration));
            return sessions.update(session.withDelegation(delegation))
                    .call(updated -> audit.record(client.actor(session.username()), AuditEvent.Type.DELEGATION_STARTED,
                            AuditEvent.Outcome.SUCCESS, "acting as " + target.username + " until " + delegation.until()))
                    .replaceWith(Start.STARTED);
        });
    }

    /** Ends acting as someone; answers whether it was in force. */
    public Uni<Boolean> stop(Client client, Session session) {
        Session.Delegation delegation = session.delegation();
        if (delegation == null) {
            return Uni.createFrom().item(false);
        }
        boolean inForce = session.actingAs(Instant.now()).isPresent();
        return sessions.update(session.withDelegation(null))
                .call(updated -> audit.record(client.actor(session.username()), AuditEvent.Type.DELEGATION_ENDED,
                        AuditEvent.Outcome.SUCCESS, "acting as " + delegation.username()
                                + (inForce ? " stopped" : " had ended at " + delegation.until())))
                .replaceWith(inForce);
    }

    /** What applications are told of the user acted as: their identity, never their administration. */
    private static Session.Identity identity(User user) {
        Session.Identity own = SignInUsers.identity(user);
        return new Session.Identity(own.displayName(), own.email(), own.groups(), false, own.secondFactorResets());
    }
}
