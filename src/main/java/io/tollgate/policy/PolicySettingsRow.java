package io.tollgate.policy;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row of run-time policy settings. Group lists are stored comma-separated. */
@Entity
@Table(name = "policy_settings")
public class PolicySettingsRow {

    public static final short ID = 1;

    @Id
    public Short id = ID;

    @Column(name = "required_groups", nullable = false)
    public String requiredGroups = "";

    @Column(name = "exempt_groups", nullable = false)
    public String exemptGroups = "";

    @Column(name = "admins_required", nullable = false)
    public boolean adminsRequired;

    @Column(name = "grace_days", nullable = false)
    public int graceDays;

    @Column(name = "credential_lifetime_days", nullable = false)
    public int credentialLifetimeDays;

    @Column(name = "recovery_codes_enabled", nullable = false)
    public boolean recoveryCodesEnabled;

    @Column(name = "trusted_device_validity_seconds", nullable = false)
    public long trustedDeviceValiditySeconds;

    @Column(name = "max_trusted_devices", nullable = false)
    public int maxTrustedDevices;

    /** Null in a row written before attempt limits were stored: the configured ones stand. */
    @Column(name = "max_attempts")
    public Integer maxAttempts;

    @Column(name = "admin_max_attempts")
    public Integer adminMaxAttempts;

    @Column(name = "lock_seconds")
    public Long lockSeconds;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt = OffsetDateTime.now();
}
