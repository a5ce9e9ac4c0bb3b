package io.tollgate.account;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

/** A person who signs in through the gateway. */
@Entity
@Table(name = "users")
public class User {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 128)
    public String username;

    @Column(name = "display_name", length = 256)
    public String displayName;

    @Column(length = 320)
    public String email;

    /** Argon2id hash in PHC string form; never logged. */
    @Column(name = "password_hash", length = 512)
    public String passwordHash;

    @Column(nullable = false)
    public boolean admin;

    @Column(nullable = false)
    public boolean disabled;

    /** A service's account: it authenticates with AuthKeys only and never signs in at the portal. */
    @Column(name = "service_account", nullable = false)
    public boolean serviceAccount;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    @Column(name = "last_login_at")
    public OffsetDateTime lastLoginAt;

    /** When this user, required to use TOTP, was first seen without a credential. */
    @Column(name = "totp_grace_started_at")
    public OffsetDateTime totpGraceStartedAt;

    /**
     * How many times the user's two-step verification was reset in SQL (their authenticators or
     * recovery codes deleted): a database trigger counts it up, never the application, so that a
     * save of this entity cannot undo one. Sessions copy it at sign-in; one with an older count
     * is ended (io.tollgate.session.AccountChangeWatch).
     */
    @Column(name = "second_factor_resets", insertable = false, updatable = false)
    public int secondFactorResets;

    @ManyToMany
    @JoinTable(name = "memberships",
            joinColumns = @JoinColumn(name = "user_id"),
            inverseJoinColumns = @JoinColumn(name = "group_id"))
    public Set<Group> groups = new HashSet<>();

    @Override
    public String toString() {
        return "User[" + id + ", " + username + "]";
    }
}
