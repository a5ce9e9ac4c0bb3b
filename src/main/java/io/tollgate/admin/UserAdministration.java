package io.tollgate.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tollgate.account.AccountChanged;
import io.tollgate.account.Group;
import io.tollgate.account.GroupRepository;
import io.tollgate.account.PasswordHasher;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.caller.AuthKeys;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.credential.TotpCredential;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.device.TrustedDevices;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.http.LogSafe;
import io.tollgate.session.SessionStore;
import io.tollgate.session.SessionsEnded;
import io.tollgate.store.Database;

/**
 * What administrators do to one user: look, create, reset two-step verification, unlock,
 * disable and enable, set a password, set groups, revoke a device or a key. Every change is
 * audited on the user's account with the administrator who made it. Changes that must reach
 * open sessions end them in Redis at once (seen by every replica at its next request); the
 * database triggers of V7/V8 also bring them to every replica's account-change watch.
 */
@ApplicationScoped
public class UserAdministration {

    private static final Logger LOG = Logger.getLogger(UserAdministration.class);
    static final int RECENT_EVENTS = 20;
    /** A reset ends any grace period: the user enrolls at the next sign-in where the policy requires it. */
    private static final String END_GRACE = "UPDATE users SET totp_grace_started_at = timestamptz '1970-01-01' WHERE id = ?1";

    private final UserDirectory directory;
    private final UserRepository users;
    private final GroupRepository groups;
    private final TotpCredentials credentials;
    private final RecoveryCodes recoveryCodes;
    private final TrustedDevices devices;
    private final AuthKeys keys;
    private final SessionStore sessions;
    private final SecondFactorGuard guard;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Event<SessionsEnded> ended;
    private final Event<AccountChanged> changed;

    public UserAdministration(UserDirectory directory, UserRepository users, GroupRepository groups,
            TotpCredentials credentials, RecoveryCodes recoveryCodes, TrustedDevices devices, AuthKeys keys,
            SessionStore sessions, SecondFactorGuard guard, PasswordHasher hasher, AuditLog audit,
            Event<SessionsEnded> ended, Event<AccountChanged> changed) {
        this.directory = directory;
        this.users = users;
        this.groups = groups;
        this.credentials = credentials;
        this.recoveryCodes = recoveryCodes;
        this.devices = devices;
        this.keys = keys;
        this.sessions = sessions;
        this.guard = guard;
        this.hasher = hasher;
        this.audit = audit;
        this.ended = ended;
        this.changed = changed;
    }

    public Uni<UserDetail> detail(long id) {
        return existing(id).flatMap(entry -> credentials.verifiedOf(id)
                .flatMap(authenticators -> devices.liveOf(id)
                        .flatMap(trusted -> recoveryCodes.remaining(id)
                                .flatMap(left -> keys.liveOf(id)
                                        .flatMap(live -> sessions.sessionsOf(entry.username())
                                                .flatMap(open -> audit.latestOf(entry.username(), RECENT_EVENTS)
                                                        .map(events -> new UserDetail(entry,
                                                                authenticators.stream().map(UserAdministration::authenticator).toList(),
                                                                trusted.stream().map(d -> new UserDetail.Device(d.id, d.name,
                                                                        instant(d.createdAt), instant(d.lastUsedAt),
                                                                        instant(d.expiresAt), d.lastIp)).toList(),
                                                                open, left,
                                                                live.stream().map(k -> new UserDetail.Key(k.id, k.name,
                                                                        k.routes == null ? List.of() : List.of(k.routes.split(",")),
                                                                        instant(k.createdAt), instant(k.expiresAt),
                                                                        instant(k.lastUsedAt))).toList(),
                                                                events.stream().map(UserAdministration::event).toList()))))))));
    }

    /** The user after a reset, and how many of their sessions it ended. */
    public record ResetOutcome(DirectoryEntry user, int sessionsEnded) {
    }

    /**
     * Removes the user's authenticators (enrolled or not), recovery codes and trusted devices in
     * one transaction, ends their grace period, and ends every session of theirs — and every
     * administrator's acting as them — at once. A new set of recovery codes still waiting to be
     * written down is forgotten.
     */
    public Uni<ResetOutcome> reset(Administrator admin, long id) {
        return existing(id).flatMap(entry -> Database.transaction(() -> Panache.getSession().flatMap(db -> db
                .createNativeQuery("DELETE FROM totp_credentials WHERE user_id = ?1").setParameter(1, id).executeUpdate()
                .flatMap(a -> db.createNativeQuery("DELETE FROM recovery_codes WHERE user_id = ?1").setParameter(1, id)
                        .executeUpdate())
                .flatMap(b -> db.createNativeQuery("DELETE FROM trusted_devices WHERE user_id = ?1").setParameter(1, id)
                        .executeUpdate())
                .flatMap(c -> db.createNativeQuery(END_GRACE).setParameter(1, id).executeUpdate())))
                .flatMap(done -> endSessions(entry.username()))
                .call(count -> audit.record(admin.on(entry.username()), AuditEvent.Type.SECOND_FACTOR_RESET,
                        AuditEvent.Outcome.SUCCESS, "two-step verification reset by " + admin.username() + " ("
                                + admin.method() + "); " + count + " session(s) ended"))
                // Its sessions are ended: the set (now revoked) could only be shown after a new enrollment made another.
                .call(count -> recoveryCodes.forgetUnsaved(id).onFailure().recoverWithNull())
                .flatMap(count -> existing(id).map(user -> new ResetOutcome(user, count))));
    }

    public Uni<DirectoryEntry> unlock(Administrator admin, long id) {
        return existing(id).flatMap(entry -> guard.unlockUser(io.tollgate.account.UsernameKey.of(entry.username()))
                .call(() -> audit.record(admin.on(entry.username()), AuditEvent.Type.USER_UNLOCKED,
                        AuditEvent.Outcome.SUCCESS, "unlocked by " + admin.username() + " (" + admin.method() + ")"))
                .flatMap(done -> existing(id)));
    }

    /** Disabling ends the user's sessions at once and refuses their keys from now on; never oneself. */
    public Uni<DirectoryEntry> setDisabled(Administrator admin, long id, boolean disabled) {
        return existing(id).flatMap(entry -> {
            if (disabled && entry.username().equalsIgnoreCase(admin.username())) {
                return Uni.createFrom().failure(new Conflict(Refusal.Reason.SELF_DISABLE));
            }
            return Database.transaction(() -> users.update("disabled = ?1 where id = ?2", disabled, id))
                    .invoke(n -> changed.fire(new AccountChanged(entry.username())))
                    .flatMap(n -> disabled ? endSessions(entry.username()) : Uni.createFrom().item(0))
                    .call(count -> audit.record(admin.on(entry.username()),
                            disabled ? AuditEvent.Type.USER_DISABLED : AuditEvent.Type.USER_ENABLED,
                            AuditEvent.Outcome.SUCCESS, (disabled ? "disabled" : "enabled") + " by " + admin.username()
                                    + " (" + admin.method() + ")" + (disabled ? "; " + count + " session(s) ended" : "")))
                    .flatMap(count -> existing(id));
        });
    }

    public Uni<DirectoryEntry> setPassword(Administrator admin, long id, String password) {
        // Refused input arrives as a failure, like every other outcome, never as a throw.
        return Uni.createFrom().deferred(() -> {
            Map<String, Refusal> errors = AccountRules.errors();
            AccountRules.password(errors, "password", password);
            AccountRules.check(errors);
            // A new password ends the sessions opened with the old one (it may be set because that one leaked).
            return existing(id).flatMap(entry -> hasher.hash(password.toCharArray())
                    .flatMap(hash -> Database.transaction(() -> users.update("passwordHash = ?1 where id = ?2", hash, id)))
                    .flatMap(n -> endSessions(entry.username()))
                    .call(count -> audit.record(admin.on(entry.username()), AuditEvent.Type.PASSWORD_SET,
                            AuditEvent.Outcome.SUCCESS, "password set by " + admin.username() + " (" + admin.method()
                                    + "); " + count + " session(s) ended"))
                    .flatMap(count -> existing(id)));
        });
    }

    public Uni<DirectoryEntry> create(Administrator admin, NewUser user) {
        // Refused input arrives as a failure, like every other outcome, never as a throw.
        return Uni.createFrom().deferred(() -> {
            Map<String, Refusal> errors = AccountRules.errors();
            AccountRules.username(errors, "username", user.username());
            AccountRules.displayName(errors, "displayName", user.displayName());
            AccountRules.email(errors, "email", user.email());
            if (user.password() != null) {
                AccountRules.password(errors, "password", user.password());
            }
            if (user.serviceAccount() && user.password() != null) {
                errors.put("password", Refusal.of(Refusal.Reason.NO_PASSWORD_FOR_SERVICE));
            }
            AccountRules.check(errors);
            Uni<String> hash = user.password() == null ? Uni.createFrom().nullItem()
                    : hasher.hash(user.password().toCharArray());
            return hash.flatMap(passwordHash -> Database.transaction(() -> users.findByUsername(user.username())
                    .flatMap(taken -> {
                        if (taken != null) {
                            return Uni.createFrom().failure(new Conflict(Refusal.Reason.USERNAME_TAKEN));
                        }
                        return namedGroups(user.groups()).flatMap(found -> {
                            User created = new User();
                            created.username = user.username();
                            created.displayName = blankToNull(user.displayName());
                            created.email = blankToNull(user.email());
                            created.passwordHash = passwordHash;
                            created.admin = user.admin();
                            created.serviceAccount = user.serviceAccount();
                            created.groups = new HashSet<>(found);
                            return users.persist(created);
                        });
                    })))
                    .call(created -> audit.record(admin.on(created.username), AuditEvent.Type.USER_CREATED,
                            AuditEvent.Outcome.SUCCESS, "created by " + admin.username() + " (" + admin.method() + ")"
                                    + (created.admin ? " as administrator" : "")
                                    + (created.serviceAccount ? " as service account" : "")))
                    .flatMap(created -> existing(created.id));
        });
    }

    /** Replaces the user's groups with existing ones named (ignoring case); an unknown name is a field error. */
    public Uni<DirectoryEntry> setGroups(Administrator admin, long id, List<String> names) {
        return existing(id).flatMap(entry -> Database.transaction(() -> namedGroups(names)
                .flatMap(found -> users.findByIdWithGroups(id).invoke(user -> {
                    user.groups.clear();
                    user.groups.addAll(found);
                })))
                .call(user -> audit.record(admin.on(entry.username()), AuditEvent.Type.GROUPS_CHANGED,
                        AuditEvent.Outcome.SUCCESS, "groups " + entry.groups() + " -> "
                                + user.groups.stream().map(g -> g.name).sorted().toList() + " by " + admin.username()))
                .flatMap(user -> existing(id)));
    }

    public Uni<Void> revokeDevice(Administrator admin, long id, long deviceId) {
        return existing(id).flatMap(entry -> devices.revoke(id, deviceId).flatMap(revoked -> revoked
                ? audit.record(admin.on(entry.username()), AuditEvent.Type.DEVICE_REVOKED, AuditEvent.Outcome.SUCCESS,
                        "trusted device " + deviceId + " revoked by " + admin.username())
                : Uni.createFrom().failure(new NotFound("no such trusted device of this user"))));
    }

    public Uni<Void> revokeKey(Administrator admin, long id, String keyId) {
        return existing(id).flatMap(entry -> keys.revoke(id, keyId).flatMap(revoked -> revoked
                ? audit.record(admin.on(entry.username()), AuditEvent.Type.AUTHKEY_REVOKED, AuditEvent.Outcome.SUCCESS,
                        "AuthKey " + LogSafe.of(keyId) + " revoked by " + admin.username())
                : Uni.createFrom().failure(new NotFound("no such live AuthKey of this user"))));
    }

    private Uni<DirectoryEntry> existing(long id) {
        return directory.find(id).flatMap(entry -> entry == null
                ? Uni.createFrom().failure(new NotFound("no such user")) : Uni.createFrom().item(entry));
    }

    /** The groups of these names (call within a transaction); names that match none are field errors. */
    private Uni<List<Group>> namedGroups(List<String> names) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names) {
            if (name != null && !name.isBlank()) {
                wanted.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return groups.list("lower(name) in ?1", wanted).map(found -> {
            Set<String> missing = new LinkedHashSet<>(wanted);
            found.forEach(g -> missing.remove(g.name.toLowerCase(Locale.ROOT)));
            if (!missing.isEmpty()) {
                throw InvalidInput.of("groups", Refusal.Reason.NO_SUCH_GROUP, String.join(", ", missing));
            }
            return new ArrayList<>(found);
        });
    }

    /** Ends the user's sessions, and administrators' acting as them, on every replica at once. */
    private Uni<Integer> endSessions(String username) {
        return sessions.endAllOf(username).flatMap(own -> sessions.endActingAs(username, d -> true).map(acting -> {
            Set<String> all = new HashSet<>(own);
            all.addAll(acting);
            if (!all.isEmpty()) {
                ended.fire(new SessionsEnded(all));
            }
            LOG.debugf("Ended %d session(s) of %s", all.size(), LogSafe.of(username));
            return all.size();
        }));
    }

    private static UserDetail.Authenticator authenticator(TotpCredential c) {
        return new UserDetail.Authenticator(c.id.toString(), c.name, c.algorithm, c.digits, c.period,
                instant(c.createdAt), instant(c.lastUsedAt));
    }

    private static UserDetail.Event event(AuditEvent e) {
        return new UserDetail.Event(e.id, instant(e.occurredAt), e.username, e.type, e.outcome, e.details, e.actedBy, e.clientIp);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
