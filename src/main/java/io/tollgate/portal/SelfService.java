package io.tollgate.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.credential.TotpCredential;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.device.TrustedDevice;
import io.tollgate.device.TrustedDevices;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsStore;
import io.tollgate.policy.SecondFactorRequirement;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.tollgate.session.SessionsEnded;
import io.tollgate.store.Database;

/**
 * What a user may change about their own security, and the rules around it: a change needs a
 * code accepted in the last ten minutes (when the user has an authenticator at all), and the
 * last authenticator of a user who must use TOTP cannot be deleted.
 */
@ApplicationScoped
public class SelfService {

    /** How long a code confirms changes on the account page. */
    public static final Duration CONFIRMATION = Duration.ofMinutes(10);

    /** How far back the account page tells of codes refused as already used, and how many at most. */
    static final Duration REPLAYS_SHOWN_FOR = Duration.ofDays(30);
    static final int REPLAYS_SHOWN = 5;

    /**
     * Everything the account page shows.
     *
     * @param replays the user's codes refused as already used lately, newest first: someone else
     *        may know the password and have seen a code (OWASP ASVS 2.8.5)
     */
    public record Overview(User user, List<TotpCredential> credentials, List<TrustedDevice> devices,
            Optional<Long> currentDevice, long recoveryCodesLeft, List<SessionStore.Summary> sessions,
            PolicySettings settings, boolean required, List<AuditEvent> replays) {
    }

    /** The outcome of a change, named for the message shown after it. */
    public enum Change {
        RENAMED, DELETED, LAST_REQUIRED, TURNED_OFF, DEVICE_REVOKED, OTHERS_REVOKED, SESSION_ENDED, OTHER_SESSIONS_ENDED, KEY_REVOKED, NOT_FOUND, INVALID_NAME
    }

    private final UserRepository users;
    private final TotpCredentials credentials;
    private final TrustedDevices devices;
    private final RecoveryCodes recoveryCodes;
    private final SessionStore sessions;
    private final PolicySettingsStore policy;
    private final AuditLog audit;
    private final Event<SessionsEnded> ended;

    public SelfService(UserRepository users, TotpCredentials credentials, TrustedDevices devices,
            RecoveryCodes recoveryCodes, SessionStore sessions, PolicySettingsStore policy, AuditLog audit,
            Event<SessionsEnded> ended) {
        this.users = users;
        this.credentials = credentials;
        this.devices = devices;
        this.recoveryCodes = recoveryCodes;
        this.sessions = sessions;
        this.policy = policy;
        this.audit = audit;
        this.ended = ended;
    }

    public Uni<Overview> overview(Session session, String deviceToken) {
        return user(session).flatMap(user -> policy.current().flatMap(settings -> credentials.verifiedOf(user.id)
                .flatMap(creds -> devices.liveOf(user.id)
                        .flatMap(trusted -> devices.byToken(deviceToken)
                                .flatMap(current -> recoveryCodes.remaining(user.id)
                                        .flatMap(left -> sessions.sessionsOf(user.username)
                                                .flatMap(list -> replaysOf(user.username)
                                                        .map(replays -> new Overview(user, creds, trusted,
                                                                current.filter(d -> d.userId.equals(user.id))
                                                                        .map(d -> d.id),
                                                                left, list, settings, mustUse(settings, user),
                                                                replays)))))))));
    }

    private Uni<List<AuditEvent>> replaysOf(String username) {
        return audit.ofUserSince(username, AuditEvent.Type.TOTP, AuditEvent.Outcome.REPLAY,
                java.time.OffsetDateTime.now().minus(REPLAYS_SHOWN_FOR), REPLAYS_SHOWN);
    }

    /** True when a change may go ahead without asking for a code first. */
    public Uni<Boolean> confirmedRecently(Session session) {
        if (session.recentSecondFactor(Instant.now(), CONFIRMATION)) {
            return Uni.createFrom().item(true);
        }
        // Someone without an authenticator has no code to give: the signed-in session is all there is.
        return user(session).flatMap(user -> credentials.verifiedOf(user.id)).map(List::isEmpty);
    }

    public Uni<Change> rename(PortalRequest request, Session session, UUID id, String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > EnrollmentResource.MAX_NAME) {
            return Uni.createFrom().item(Change.INVALID_NAME);
        }
        return user(session).flatMap(user -> credentials.rename(user.id, id, clean)
                .call(done -> done ? audit.record(request.actor(user.username), AuditEvent.Type.CREDENTIAL_CHANGED,
                        AuditEvent.Outcome.SUCCESS, "renamed " + id) : Uni.createFrom().voidItem())
                .map(done -> done ? Change.RENAMED : Change.NOT_FOUND));
    }

    /**
     * Deletes an authenticator. The last one of a user who must use TOTP stays; the last one of
     * anyone else turns two-step verification off (recovery codes and trusted browsers go too).
     */
    public Uni<Change> deleteCredential(PortalRequest request, Session session, UUID id) {
        return user(session).flatMap(user -> policy.current().flatMap(settings -> credentials.verifiedOf(user.id)
                .flatMap(creds -> {
                    if (creds.stream().noneMatch(c -> c.id.equals(id))) {
                        return Uni.createFrom().item(Change.NOT_FOUND);
                    }
                    if (creds.size() == 1) {
                        return mustUse(settings, user) ? Uni.createFrom().item(Change.LAST_REQUIRED)
                                : turnOff(request, user);
                    }
                    return credentials.delete(user.id, id)
                            .call(v -> audit.record(request.actor(user.username), AuditEvent.Type.CREDENTIAL_CHANGED,
                                    AuditEvent.Outcome.SUCCESS, "deleted " + id))
                            .replaceWith(Change.DELETED);
                })));
    }

    /** For users who may choose: no more codes asked. */
    public Uni<Change> turnOff(PortalRequest request, Session session) {
        return user(session).flatMap(user -> policy.current().flatMap(settings -> mustUse(settings, user)
                ? Uni.createFrom().item(Change.LAST_REQUIRED) : turnOff(request, user)));
    }

    private Uni<Change> turnOff(PortalRequest request, User user) {
        return credentials.deleteAll(user.id)
                .flatMap(v -> recoveryCodes.revokeAll(user.id))
                .flatMap(v -> devices.revokeAllBut(user.id, null))
                .call(v -> audit.record(request.actor(user.username), AuditEvent.Type.CREDENTIAL_CHANGED,
                        AuditEvent.Outcome.SUCCESS, "two-step verification turned off"))
                .replaceWith(Change.TURNED_OFF);
    }

    public Uni<Change> revokeDevice(PortalRequest request, Session session, Long deviceId) {
        return user(session).flatMap(user -> devices.revoke(user.id, deviceId)
                .call(done -> done ? audit.record(request.actor(user.username), AuditEvent.Type.DEVICE_REVOKED,
                        AuditEvent.Outcome.SUCCESS, "device " + deviceId) : Uni.createFrom().voidItem())
                .map(done -> done ? Change.DEVICE_REVOKED : Change.NOT_FOUND));
    }

    public Uni<Change> revokeOtherDevices(PortalRequest request, Session session, String deviceToken) {
        return user(session).flatMap(user -> devices.byToken(deviceToken)
                .map(current -> current.filter(d -> d.userId.equals(user.id)).map(d -> d.id).orElse(null))
                .flatMap(kept -> devices.revokeAllBut(user.id, kept))
                .call(n -> audit.record(request.actor(user.username), AuditEvent.Type.DEVICE_REVOKED,
                        AuditEvent.Outcome.SUCCESS, n + " other devices"))
                .replaceWith(Change.OTHERS_REVOKED));
    }

    /** Signs out every other session of the user, on every replica at once (after a lost phone, say). */
    public Uni<Change> endOtherSessions(PortalRequest request, Session session) {
        return sessions.endAllOfBut(session.username(), SessionStore.handle(session.id()))
                .invoke(handles -> {
                    if (!handles.isEmpty()) {
                        ended.fire(new SessionsEnded(handles));
                    }
                })
                .call(handles -> audit.record(request.actor(session.username()), AuditEvent.Type.SESSION_ENDED,
                        AuditEvent.Outcome.SUCCESS, handles.size() + " other sessions"))
                .replaceWith(Change.OTHER_SESSIONS_ENDED);
    }

    public Uni<Change> endSession(PortalRequest request, Session session, String handle) {
        if (handle == null || handle.equals(SessionStore.handle(session.id()))) {
            return Uni.createFrom().item(Change.NOT_FOUND);
        }
        return sessions.end(session.username(), handle)
                .invoke(done -> {
                    if (done) {
                        ended.fire(new SessionsEnded(Set.of(handle)));
                    }
                })
                .call(done -> done ? audit.record(request.actor(session.username()), AuditEvent.Type.SESSION_ENDED,
                        AuditEvent.Outcome.SUCCESS, null) : Uni.createFrom().voidItem())
                .map(done -> done ? Change.SESSION_ENDED : Change.NOT_FOUND);
    }

    /** A new set of recovery codes, kept until written down; the old set stops working. */
    public Uni<List<String>> regenerateRecoveryCodes(PortalRequest request, Session session) {
        return user(session).flatMap(user -> recoveryCodes.issue(user.id)
                .call(codes -> audit.record(request.actor(user.username), AuditEvent.Type.RECOVERY_CODES_ISSUED,
                        AuditEvent.Outcome.SUCCESS, codes.size() + " codes, previous set revoked")));
    }

    /** The set last made for the user, while they have not said it is written down. */
    public Uni<Optional<List<String>>> unsavedRecoveryCodes(Session session) {
        return user(session).flatMap(user -> user == null ? Uni.createFrom().item(Optional.<List<String>>empty())
                : recoveryCodes.unsaved(user.id));
    }

    public Uni<Void> recoveryCodesSaved(Session session) {
        return user(session).flatMap(user -> user == null ? Uni.createFrom().voidItem()
                : recoveryCodes.forgetUnsaved(user.id));
    }

    /** The user's unused recovery codes; none when the policy has them turned off (nothing to warn about). */
    public Uni<Optional<Long>> recoveryCodesLeft(Session session) {
        return policy.current().flatMap(settings -> !settings.recoveryCodesEnabled()
                ? Uni.createFrom().item(Optional.<Long>empty())
                : user(session).flatMap(user -> user == null ? Uni.createFrom().item(Optional.<Long>empty())
                        : recoveryCodes.remaining(user.id).map(Optional::of)));
    }

    private Uni<User> user(Session session) {
        return Database.session(() -> users.findWithGroups(session.username()));
    }

    private static boolean mustUse(PolicySettings settings, User user) {
        return SecondFactorRequirement.mustUse(settings, new SecondFactorRequirement.Subject(
                user.groups.stream().map(g -> g.name).toList(), user.admin, true, null));
    }
}
