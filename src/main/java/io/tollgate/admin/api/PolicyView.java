package io.tollgate.admin.api;

import java.util.List;

import io.tollgate.policy.PolicySettings;

/** The run-time policy settings as the API shows them (the same properties a PATCH takes). */
public record PolicyView(List<String> requiredGroups, List<String> exemptGroups, boolean adminsRequired, int graceDays,
        long credentialLifetimeDays, boolean recoveryCodesEnabled, long trustedDeviceValidityHours,
        int maxTrustedDevices, int maxAttempts, int adminMaxAttempts, long lockMinutes) {

    static PolicyView of(PolicySettings settings) {
        return new PolicyView(settings.requiredGroups().stream().sorted().toList(),
                settings.exemptGroups().stream().sorted().toList(), settings.adminsRequired(), settings.graceDays(),
                settings.credentialLifetime().toDays(), settings.recoveryCodesEnabled(),
                settings.trustedDeviceValidity().toHours(), settings.maxTrustedDevices(),
                settings.attempts().maxAttempts(), settings.attempts().adminMaxAttempts(),
                settings.attempts().lockTime().toMinutes());
    }
}
