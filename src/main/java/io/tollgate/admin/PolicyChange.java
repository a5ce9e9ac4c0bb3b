package io.tollgate.admin;

import java.util.List;
import java.util.Optional;

/**
 * The policy settings an administrator changes; what is empty stays as it is.
 *
 * @param trustedDeviceValidityHours 0 turns trusted devices off
 * @param credentialLifetimeDays 0: authenticators never expire
 * @param maxAttempts failed attempts before a user's account locks
 * @param adminMaxAttempts the same for administrators (never above {@code maxAttempts})
 * @param lockMinutes how long a lock lasts
 */
public record PolicyChange(Optional<List<String>> requiredGroups, Optional<List<String>> exemptGroups,
        Optional<Boolean> adminsRequired, Optional<Integer> graceDays, Optional<Integer> credentialLifetimeDays,
        Optional<Boolean> recoveryCodesEnabled, Optional<Integer> trustedDeviceValidityHours,
        Optional<Integer> maxTrustedDevices, Optional<Integer> maxAttempts, Optional<Integer> adminMaxAttempts,
        Optional<Integer> lockMinutes) {

    public static PolicyChange none() {
        return new PolicyChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
