package io.tollgate.admin;

import java.time.Instant;
import java.util.Optional;

/**
 * A search of the audit log, newest first. {@code user} matches the account an event is about
 * or the administrator who caused it, ignoring case; {@code from} is inclusive, {@code to} exclusive.
 */
public record AuditQuery(Optional<String> user, Optional<String> type, Optional<Instant> from, Optional<Instant> to,
        Optional<String> cursor, int limit) {

    public AuditQuery after(String next) {
        return new AuditQuery(user, type, from, to, Optional.of(next), limit);
    }
}
