package io.tollgate.admin;

import java.util.List;
import java.util.Optional;

/**
 * The policy settings an administrator changes; what is empty stays as it is.
 *
 * @param trustedDeviceValidityHours 0 turns trusted devices off
 * @param credentialLifetimeDays 0: authenticators never expire
 */
public record PolicyChange(Optional<List<String>> requiredGroups, Optional<List<String>> exemptGroups,
        Optional<Boolean> adminsRequired, Optional<Integer> graceDays, Optional<Integer> credentialLifetimeDays,
        Optional<Boolean> recoveryCodesEnabled, Optional<Integer> trustedDeviceValidityHours,
        Optional<Integer> maxTrustedDevices) {

    public static PolicyChange none() {
        return new PolicyChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
