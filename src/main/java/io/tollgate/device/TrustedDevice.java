package io.tollgate.device;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A browser a user trusts: its cookie's token is kept as a SHA-256 hash only. */
@Entity
@Table(name = "trusted_devices")
public class TrustedDevice {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(name = "token_hash", nullable = false, length = 64)
    public String tokenHash;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "last_ip", length = 64)
    public String lastIp;

    @Column(name = "user_agent", length = 512)
    public String userAgent;

    @Override
    public String toString() {
        return "TrustedDevice[" + id + ", user " + userId + ", " + name + "]";
    }
}
