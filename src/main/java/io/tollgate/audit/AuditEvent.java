package io.tollgate.audit;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One security event. Details are free text that never holds a secret. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    /** What happened. */
    public enum Type {
        LOGIN, TOTP, RECOVERY_CODE, LOCKOUT, ENROLLMENT, RECOVERY_CODES_ISSUED, CREDENTIAL_EXPIRED, LOGOUT,
        DEVICE_TRUSTED, DEVICE_REVOKED, CREDENTIAL_CHANGED, SESSION_ENDED, AUTHKEY_CREATED, AUTHKEY_REVOKED,
        DELEGATION_STARTED, DELEGATION_ENDED,
        /** An administrator's doing, on the account named by the event. */
        USER_CREATED, USER_DISABLED, USER_ENABLED, USER_UNLOCKED, SECOND_FACTOR_RESET, PASSWORD_SET,
        GROUPS_CHANGED, GROUP_CREATED, GROUP_RENAMED, POLICY_CHANGED, SECRETS_IMPORTED, SECRETS_REENCRYPTED
    }

    /** How it ended. */
    public enum Outcome {
        SUCCESS, FAILURE, REPLAY, LOCKED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at", nullable = false)
    public OffsetDateTime occurredAt = OffsetDateTime.now();

    @Column(length = 128)
    public String username;

    @Column(name = "client_ip", length = 64)
    public String clientIp;

    @Column(name = "user_agent", length = 512)
    public String userAgent;

    @Column(nullable = false, length = 40)
    public String type;

    @Column(nullable = false, length = 20)
    public String outcome;

    @Column(length = 1000)
    public String details;

    /** The administrator who did this to the account named by {@link #username}, or null. */
    @Column(name = "acted_by", length = 128)
    public String actedBy;
}
