package io.tollgate.credential;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One recovery code of a user, stored as an Argon2id hash; used at most once. */
@Entity
@Table(name = "recovery_codes")
public class RecoveryCode {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(name = "code_hash", nullable = false, length = 256)
    public String codeHash;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    @Column(name = "used_at")
    public OffsetDateTime usedAt;

    @Override
    public String toString() {
        return "RecoveryCode[" + id + ", user " + userId + (usedAt == null ? "" : ", used") + "]";
    }
}
