package io.tollgate.policy;

import io.smallrye.mutiny.Uni;

/** The policy settings in force now, as every replica sees them within seconds of a change. */
public interface PolicySettingsSource {

    Uni<PolicySettings> current();

    /** The settings when this replica holds them fresh, without waiting; else null (ask {@link #current()}). */
    default PolicySettings freshOrNull() {
        return null;
    }
}
