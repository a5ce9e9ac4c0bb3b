package io.tollgate.admin;

import io.tollgate.audit.AuditLog;

/**
 * An administrator at work, and from where: every change made in their name is audited with it.
 *
 * @param method {@code bearer}, {@code authkey} or {@code console}
 */
public record Administrator(String username, String method, String clientAddress, String userAgent) {

    /** The audit actor for a change to {@code account}, done by this administrator. */
    public AuditLog.Actor on(String account) {
        return new AuditLog.Actor(account, clientAddress, userAgent, username);
    }

    /** The audit actor for a change to no account in particular (policy, import, re-encryption). */
    public AuditLog.Actor itself() {
        return new AuditLog.Actor(username, clientAddress, userAgent, username);
    }
}
