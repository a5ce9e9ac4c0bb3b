package io.tollgate.admin;

import java.util.List;

/** The directory and the audit log as CSV files. */
public final class Reports {

    private Reports() {
    }

    /** The enrollment report (and the user list's CSV): who stands where, never a secret. */
    public static String enrollment(List<DirectoryEntry> entries) {
        CsvTable table = new CsvTable("id", "username", "name", "email", "groups", "state", "required",
                "authenticators", "grace_ends_at", "locked", "disabled", "admin", "service_account", "last_sign_in_at",
                "created_at");
        for (DirectoryEntry e : entries) {
            table.row(e.id(), e.username(), e.displayName(), e.email(), e.groups(), e.state().label(), e.required(),
                    e.credentials(), e.graceEndsAt(), e.locked(), e.disabled(), e.admin(), e.serviceAccount(),
                    e.lastSignInAt(), e.createdAt());
        }
        return table.toString();
    }

    public static String audit(List<UserDetail.Event> events) {
        CsvTable table = new CsvTable("id", "at", "user", "type", "outcome", "details", "acted_by", "client_address");
        return events.stream().reduce(table, (t, e) -> t.row(e.id(), e.at(), e.user(), e.type(), e.outcome(),
                e.details(), e.actedBy(), e.clientAddress()), (a, b) -> a).toString();
    }
}
