package io.tollgate.caller;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An AuthKey as stored: its public id and the SHA-256 of its secret, never the key. */
@Entity
@Table(name = "auth_keys")
public class AuthKey {

    @Id
    @Column(length = 16)
    public String id;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(name = "secret_hash", nullable = false, length = 64)
    public String secretHash;

    /** Comma-separated route names; null: every route. */
    @Column(length = 2000)
    public String routes;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    /** Null: the key does not expire. */
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Override
    public String toString() {
        return "AuthKey[" + id + ", user " + userId + ", " + name + "]";
    }
}
