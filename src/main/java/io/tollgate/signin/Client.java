package io.tollgate.signin;

import io.tollgate.audit.AuditLog;

/**
 * Who is signing in, as far as the steps need to know: the client's address (behind trusted
 * proxies) and its user agent, already capped.
 */
public record Client(String address, String userAgent) {

    /** The audit log's view of this client acting as {@code username} (null when unknown). */
    public AuditLog.Actor actor(String username) {
        return new AuditLog.Actor(username, address, userAgent);
    }
}
