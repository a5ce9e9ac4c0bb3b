package io.tollgate.admin.console;

import java.util.Map;

import io.quarkus.qute.TemplateData;
import io.tollgate.policy.PolicySettings;

/** The policy form: every field as shown (or as typed, when refused), with its error. */
@TemplateData
public record PolicyForm(String requiredGroups, String exemptGroups, boolean adminsRequired, boolean recoveryCodesEnabled,
        String graceDays, String credentialLifetimeDays, String trustedDeviceValidityHours, String maxTrustedDevices,
        String maxAttempts, String adminMaxAttempts, String lockMinutes, Map<String, String> errors, String notice,
        String formError) {

    static PolicyForm of(PolicySettings s, String notice) {
        return new PolicyForm(String.join(", ", new java.util.TreeSet<>(s.requiredGroups())),
                String.join(", ", new java.util.TreeSet<>(s.exemptGroups())), s.adminsRequired(),
                s.recoveryCodesEnabled(), String.valueOf(s.graceDays()), String.valueOf(s.credentialLifetime().toDays()),
                String.valueOf(s.trustedDeviceValidity().toHours()), String.valueOf(s.maxTrustedDevices()),
                String.valueOf(s.attempts().maxAttempts()), String.valueOf(s.attempts().adminMaxAttempts()),
                String.valueOf(s.attempts().lockTime().toMinutes()), Map.of(), notice, null);
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean invalid(String field) {
        return errors.containsKey(field);
    }
}
