package io.tollgate.policy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.tollgate.guard.AttemptLimits;

/**
 * The run-time policy settings, as every replica reads them from PostgreSQL. Group names are
 * compared ignoring case.
 *
 * @param credentialLifetime {@link Duration#ZERO} when credentials never expire
 * @param trustedDeviceValidity how long a trusted browser skips the code; {@link Duration#ZERO} turns trust off
 */
public record PolicySettings(Set<String> requiredGroups, Set<String> exemptGroups, boolean adminsRequired,
        int graceDays, Duration credentialLifetime, boolean recoveryCodesEnabled, Duration trustedDeviceValidity,
        int maxTrustedDevices, AttemptLimits attempts) {

    public static final Duration DEFAULT_DEVICE_VALIDITY = Duration.ofDays(30);
    public static final int DEFAULT_MAX_DEVICES = 10;
    /** The defaults of {@code tollgate.regulation.*}. */
    public static final AttemptLimits DEFAULT_ATTEMPTS = new AttemptLimits(5, 3, Duration.ofMinutes(15));

    /** With the default attempt limits. */
    public PolicySettings(Set<String> requiredGroups, Set<String> exemptGroups, boolean adminsRequired, int graceDays,
            Duration credentialLifetime, boolean recoveryCodesEnabled, Duration trustedDeviceValidity,
            int maxTrustedDevices) {
        this(requiredGroups, exemptGroups, adminsRequired, graceDays, credentialLifetime, recoveryCodesEnabled,
                trustedDeviceValidity, maxTrustedDevices, DEFAULT_ATTEMPTS);
    }

    /** With the default trusted-device settings. */
    public PolicySettings(Set<String> requiredGroups, Set<String> exemptGroups, boolean adminsRequired, int graceDays,
            Duration credentialLifetime, boolean recoveryCodesEnabled) {
        this(requiredGroups, exemptGroups, adminsRequired, graceDays, credentialLifetime, recoveryCodesEnabled,
                DEFAULT_DEVICE_VALIDITY, DEFAULT_MAX_DEVICES);
    }

    public PolicySettings {
        requiredGroups = normalized(requiredGroups);
        exemptGroups = normalized(exemptGroups);
        if (graceDays < 0) {
            throw new IllegalArgumentException("grace days must be 0 or more, not " + graceDays);
        }
        if (credentialLifetime.isNegative()) {
            throw new IllegalArgumentException("credential lifetime must not be negative");
        }
        if (trustedDeviceValidity.isNegative()) {
            throw new IllegalArgumentException("trusted-device validity must not be negative");
        }
        if (maxTrustedDevices < 1) {
            throw new IllegalArgumentException("at least one trusted device per user, not " + maxTrustedDevices);
        }
        java.util.Objects.requireNonNull(attempts, "attempt limits");
    }

    /** @param seeded the attempt limits a row written before they were stored stands for */
    static PolicySettings from(PolicySettingsRow row, AttemptLimits seeded) {
        AttemptLimits attempts = row.maxAttempts == null || row.adminMaxAttempts == null || row.lockSeconds == null
                ? seeded : new AttemptLimits(row.maxAttempts, row.adminMaxAttempts, Duration.ofSeconds(row.lockSeconds));
        return new PolicySettings(split(row.requiredGroups), split(row.exemptGroups), row.adminsRequired,
                row.graceDays, Duration.ofDays(row.credentialLifetimeDays), row.recoveryCodesEnabled,
                Duration.ofSeconds(row.trustedDeviceValiditySeconds), row.maxTrustedDevices, attempts);
    }

    static PolicySettings from(PolicyConfig policy, RecoveryCodesConfig recovery, AttemptLimits attempts) {
        return new PolicySettings(Set.copyOf(policy.requiredGroups().orElse(List.of())),
                Set.copyOf(policy.exemptGroups().orElse(List.of())), policy.adminsRequired(), policy.graceDays(),
                Duration.ofDays(policy.credentialLifetimeDays()), recovery.enabled(), policy.trustedDeviceValidity(),
                policy.maxTrustedDevices(), attempts);
    }

    void copyTo(PolicySettingsRow row) {
        row.requiredGroups = String.join(",", requiredGroups);
        row.exemptGroups = String.join(",", exemptGroups);
        row.adminsRequired = adminsRequired;
        row.graceDays = graceDays;
        row.credentialLifetimeDays = (int) credentialLifetime.toDays();
        row.recoveryCodesEnabled = recoveryCodesEnabled;
        row.trustedDeviceValiditySeconds = trustedDeviceValidity.toSeconds();
        row.maxTrustedDevices = maxTrustedDevices;
        row.maxAttempts = attempts.maxAttempts();
        row.adminMaxAttempts = attempts.adminMaxAttempts();
        row.lockSeconds = attempts.lockTime().toSeconds();
        row.updatedAt = OffsetDateTime.now();
    }

    /**
     * A stamp of what decides whether a user's sign-in needs a code (required and exempt groups,
     * the administrators switch, grace days): a session that passed without a code records it, and
     * is looked at again once the stamp in force differs. Never 0, which stands for "unknown".
     */
    public int requirementStamp() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        String canonical = String.join(",", new java.util.TreeSet<>(requiredGroups)) + "|"
                + String.join(",", new java.util.TreeSet<>(exemptGroups)) + "|" + adminsRequired + "|" + graceDays;
        crc.update(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int stamp = (int) crc.getValue();
        return stamp == 0 ? 1 : stamp;
    }

    public boolean devicesCanBeTrusted() {
        return !trustedDeviceValidity.isZero();
    }

    public boolean credentialsExpire() {
        return !credentialLifetime.isZero();
    }

    private static Set<String> split(String stored) {
        return Arrays.stream(stored.split(",")).collect(Collectors.toSet());
    }

    private static Set<String> normalized(Set<String> groups) {
        Set<String> names = new LinkedHashSet<>();
        for (String group : groups) {
            String name = group.trim().toLowerCase(Locale.ROOT);
            if (name.contains(",")) {
                throw new IllegalArgumentException("a group name cannot contain a comma: " + group);
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }
}
