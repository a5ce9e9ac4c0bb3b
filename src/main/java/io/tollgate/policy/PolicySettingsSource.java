package io.tollgate.policy;

import io.smallrye.mutiny.Uni;

/** The policy settings in force now, as every replica sees them within seconds of a change. */
public interface PolicySettingsSource {

    Uni<PolicySettings> current();

    /**
     * The settings this replica holds, without waiting, however old; when they are older than the
     * refresh interval a read starts in the background (one at a time), so a request never waits
     * for it and a change still arrives within the interval and one read. Null before the first
     * read: ask {@link #current()}.
     */
    default PolicySettings latestOrNull() {
        return null;
    }
}
