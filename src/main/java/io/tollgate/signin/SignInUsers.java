package io.tollgate.signin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.Group;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.account.UsernameKey;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.SecondFactorRequirement;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;
import io.tollgate.session.SessionStore;
import io.tollgate.session.SessionsEnded;
import io.tollgate.store.Database;
import io.tollgate.store.Sql;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The users the steps act for, as stored (the one place here that opens database sessions),
 * and the end of a session whose user is gone.
 */
@ApplicationScoped
class SignInUsers {

    private final UserRepository users;
    private final SessionChanges sessions;
    private final Event<SessionsEnded> ended;
    private final Sql sql;

    private static final String ACTIVE = "SELECT id, username, display_name, email, admin, disabled, service_account, "
            + "second_factor_resets FROM users WHERE lower(username) = lower($1)";

    SignInUsers(UserRepository users, SessionChanges sessions, Event<SessionsEnded> ended, Sql sql) {
        this.sql = sql;
        this.users = users;
        this.sessions = sessions;
        this.ended = ended;
    }

    /** Usernames are case-insensitive: one counter per person, whatever they type. */
    static String userKey(String username) {
        return UsernameKey.of(username);
    }

    /** The user with their groups, or null: for the password step. */
    Uni<User> withGroups(String username) {
        String key = userKey(username);
        return Database.session(() -> users.findWithGroups(key))
                .map(user -> UsernameKey.names(user, key) ? user : null);
    }

    /** The user by name, disabled or not, or null. */
    Uni<User> byUsername(String username) {
        return Database.session(() -> users.findByUsername(username));
    }

    /**
     * Records a sign-in by password and says what the policy asks next of this user. The first
     * time enrollment is asked, the grace period starts.
     *
     * @param withGroups the user as read for the password step, with their groups
     * @param hasVerified whether the user has a live authenticator
     */
    Uni<SecondFactorRequirement> recordSignIn(User withGroups, PolicySettings settings, boolean hasVerified) {
        return decide(withGroups, settings, hasVerified, true);
    }

    /** What the policy asks of this user now, for a session decided again after a policy change; no sign-in is recorded. */
    Uni<SecondFactorRequirement> requirementNow(User withGroups, PolicySettings settings, boolean hasVerified) {
        return decide(withGroups, settings, hasVerified, false);
    }

    private Uni<SecondFactorRequirement> decide(User withGroups, PolicySettings settings, boolean hasVerified,
            boolean signIn) {
        return Database.transaction(() -> users.findById(withGroups.id).map(fresh -> {
            List<String> groups = withGroups.groups.stream().map(g -> g.name).toList();
            Instant graceStart = fresh.totpGraceStartedAt == null ? null : fresh.totpGraceStartedAt.toInstant();
            SecondFactorRequirement requirement = SecondFactorRequirement.decide(settings,
                    new SecondFactorRequirement.Subject(groups, fresh.admin, hasVerified, graceStart), Instant.now());
            if (signIn) {
                fresh.lastLoginAt = OffsetDateTime.now();
            }
            boolean mustEnroll = requirement.kind() == SecondFactorRequirement.Kind.ENROLL_OR_SKIP
                    || requirement.kind() == SecondFactorRequirement.Kind.ENROLL;
            if (mustEnroll && fresh.totpGraceStartedAt == null) {
                fresh.totpGraceStartedAt = OffsetDateTime.now();
            }
            return requirement;
        }));
    }

    /**
     * The session's user, or null when removed or disabled since the password step. Read on
     * every code step, so in one statement without an ORM session: a detached, read-only user
     * without groups (the steps that use it act on the user's id, name and role only; the
     * session carries the identity).
     */
    Uni<User> active(Session session) {
        return sql.query(ACTIVE, Tuple.of(session.username())).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            if (row.getBoolean("disabled")) {
                return null;
            }
            User user = new User();
            user.id = row.getLong("id");
            user.username = row.getString("username");
            user.displayName = row.getString("display_name");
            user.email = row.getString("email");
            user.admin = row.getBoolean("admin");
            user.serviceAccount = row.getBoolean("service_account");
            user.secondFactorResets = row.getInteger("second_factor_resets");
            user.groups = Set.of();
            return user;
        });
    }

    /** Ends a session whose user was removed or disabled mid-way. */
    Uni<SignInResult> signedOut(Session session) {
        return sessions.delete(session).invoke(v -> ended(session)).replaceWith(new SignInResult.SignedOut());
    }

    /** Tells this replica (open WebSocket tunnels, for one) that the session has ended. */
    void ended(Session session) {
        if (session.signedIn()) {
            ended.fire(new SessionsEnded(Set.of(SessionStore.handle(session.id()))));
        }
    }

    static Session.Identity identity(User user) {
        return identity(user, 0);
    }

    /** The identity a sign-in decided under the policy of {@code policyStamp}. */
    static Session.Identity identity(User user, int policyStamp) {
        return new Session.Identity(user.displayName, user.email,
                user.groups.stream().map((Group g) -> g.name).sorted().toList(), user.admin, user.secondFactorResets,
                policyStamp);
    }

    static TotpCredentials.Attempt attempt(Client client, User user) {
        return new TotpCredentials.Attempt(userKey(user.username), user.admin, client.address());
    }
}
