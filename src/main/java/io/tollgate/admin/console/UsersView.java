package io.tollgate.admin.console;

import java.util.List;

import io.quarkus.qute.TemplateData;
import io.tollgate.admin.DirectoryEntry;

/**
 * The users page: the filters as typed (shown back in the form), the page of users, the
 * links to the next page and to the same view as CSV, and the new-user form as typed (never
 * its password).
 */
@TemplateData
public record UsersView(String search, String state, String group, String locked, String disabled, String sort,
        boolean descending, List<DirectoryEntry> users, String nextPage, String csv, String error, String newUsername,
        String newDisplayName, String newEmail, boolean newAdmin, boolean newServiceAccount, String newGroups) {

    public static final List<String> STATES = List.of("enrolled", "grace", "overdue", "optional", "exempt");

    public List<String> states() {
        return STATES;
    }
}
