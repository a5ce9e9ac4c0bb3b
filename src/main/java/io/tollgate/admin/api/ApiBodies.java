package io.tollgate.admin.api;

import java.util.List;

/** The JSON bodies the admin API takes. None of them prints a password. */
final class ApiBodies {

    private ApiBodies() {
    }

    /** A new user; {@code password} may be left out (set later), and must be for a service account. */
    record CreateUser(String username, String displayName, String email, String password, Boolean admin,
            Boolean serviceAccount, List<String> groups) {
        @Override
        public String toString() {
            return "CreateUser[" + username + "]";
        }
    }

    record SetPassword(String password) {
        @Override
        public String toString() {
            return "SetPassword[…]";
        }
    }

    /** The user's groups, by name, replacing those they have. */
    record SetGroups(List<String> groups) {
    }

    record CreateGroup(String name, String description) {
    }

    record RenameGroup(String name) {
    }

    /** Policy settings to change; a property left out stays as it is. */
    record PolicyPatch(List<String> requiredGroups, List<String> exemptGroups, Boolean adminsRequired,
            Integer graceDays, Integer credentialLifetimeDays, Boolean recoveryCodesEnabled,
            Integer trustedDeviceValidityHours, Integer maxTrustedDevices, Integer maxAttempts,
            Integer adminMaxAttempts, Integer lockMinutes) {
    }
}
