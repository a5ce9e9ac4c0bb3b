package io.tollgate.credential;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One TOTP credential of a user. The secret column holds the encrypted value only; its
 * associated data ({@link #associatedData()}) ties it to this user and this credential.
 */
@Entity
@Table(name = "totp_credentials")
public class TotpCredential {

    /** Chosen before the row is written, so the secret can be bound to it. */
    @Id
    public UUID id = UUID.randomUUID();

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(nullable = false, length = 100)
    public String name;

    /** Encrypted: {@code v1:<key id>:<data>}. Never logged. */
    @Column(nullable = false, length = 512)
    public String secret;

    @Column(nullable = false, length = 10)
    public String algorithm;

    @Column(nullable = false)
    public short digits;

    @Column(nullable = false)
    public short period;

    @Column(nullable = false)
    public boolean verified;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;

    /** The time step of the last accepted code (also kept in Redis, which may lose it). */
    @Column(name = "last_used_step")
    public Long lastUsedStep;

    /** While unverified: the handle of the session that started the enrollment, the only one that may see or confirm it. */
    @Column(name = "enrollment_session", length = 64)
    public String enrollmentSession;

    public byte[] associatedData() {
        return ("tollgate/totp-credential/user:" + userId + "/credential:" + id).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TotpCredential[" + id + ", user " + userId + ", " + name + "]";
    }
}
