package io.tollgate.admin;

import java.time.Instant;
import java.util.List;

import io.tollgate.session.SessionStore;

/**
 * Everything an administrator sees of one user: their directory entry, authenticators, trusted
 * devices, sessions, recovery codes left, AuthKeys and latest audit events. No secret, hash or
 * session id is among them (a session is named by its handle, which opens nothing).
 */
public record UserDetail(DirectoryEntry user, List<Authenticator> authenticators, List<Device> devices,
        List<SessionStore.Summary> sessions, long recoveryCodesLeft, List<Key> keys, List<Event> events) {

    public record Authenticator(String id, String name, String algorithm, int digits, int period, Instant createdAt,
            Instant lastUsedAt) {
    }

    public record Device(long id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
            String lastAddress) {
    }

    /** An AuthKey; {@code routes} empty: every route. */
    public record Key(String id, String name, List<String> routes, Instant createdAt, Instant expiresAt,
            Instant lastUsedAt) {
    }

    /** An audit event: {@code user} is the account it is about, {@code actedBy} the administrator who caused it. */
    public record Event(long id, Instant at, String user, String type, String outcome, String details, String actedBy,
            String clientAddress) {
    }
}
