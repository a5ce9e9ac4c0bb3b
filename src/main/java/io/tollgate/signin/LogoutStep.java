package io.tollgate.signin;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.device.TrustedDevices;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;

/** Signing out: the session ends, and this browser stops being trusted. */
@ApplicationScoped
public class LogoutStep {

    private final SignInUsers users;
    private final TrustedDevices devices;
    private final SessionChanges sessions;
    private final AuditLog audit;

    LogoutStep(SignInUsers users, TrustedDevices devices, SessionChanges sessions, AuditLog audit) {
        this.users = users;
        this.devices = devices;
        this.sessions = sessions;
        this.audit = audit;
    }

    /** Ends the session; a trusted browser of this user stops being trusted. Answers whether one was. */
    public Uni<Boolean> logout(Client client, Session session, String deviceToken) {
        Uni<Boolean> untrusted = !session.signedIn() ? forgetDevice(deviceToken)
                : devices.byToken(deviceToken).flatMap(device -> device.isEmpty() ? Uni.createFrom().item(false)
                        : users.byUsername(session.username())
                                .flatMap(user -> user != null && device.get().userId.equals(user.id)
                                        ? devices.revoke(user.id, device.get().id)
                                        : Uni.createFrom().item(false)));
        return untrusted.call(v -> sessions.delete(session).invoke(deleted -> users.ended(session)))
                .call(wasTrusted -> session.signedIn()
                        ? audit.record(client.actor(session.username()), AuditEvent.Type.LOGOUT,
                                AuditEvent.Outcome.SUCCESS, wasTrusted ? "device trust removed" : null)
                        : Uni.createFrom().voidItem())
                .call(v -> session.delegation() == null ? Uni.createFrom().voidItem()
                        : audit.record(client.actor(session.username()), AuditEvent.Type.DELEGATION_ENDED,
                                AuditEvent.Outcome.SUCCESS, "acting as " + session.delegation().username()
                                        + " ended at logout"));
    }

    /** Signing out with no live session still ends this browser's trust, whoever it was for. */
    public Uni<Boolean> forgetDevice(String deviceToken) {
        return devices.byToken(deviceToken).flatMap(device -> device.isEmpty() ? Uni.createFrom().item(false)
                : devices.revoke(device.get().userId, device.get().id));
    }
}
