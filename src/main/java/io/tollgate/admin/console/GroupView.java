package io.tollgate.admin.console;

import java.util.List;

import io.quarkus.qute.TemplateData;
import io.tollgate.admin.DirectoryEntry;
import io.tollgate.admin.GroupAdministration;

/**
 * One group's page: the group, a page of its members (each with a remove button), the link to
 * the next page, the outcome of the last change, and the add-member form as typed.
 */
@TemplateData
public record GroupView(GroupAdministration.GroupEntry group, List<DirectoryEntry> members, String nextPage,
        String notice, String error, String username, String usernameError) {
}
