package io.tollgate.admin;

import java.util.List;

/**
 * A user to create. {@code password} may be null for a service account (it signs in with keys)
 * or for a user whose password is set later; such a user cannot sign in until then.
 */
public record NewUser(String username, String displayName, String email, String password, boolean admin,
        boolean serviceAccount, List<String> groups) {

    public NewUser {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    @Override
    public String toString() {
        return "NewUser[" + username + "]";
    }
}
