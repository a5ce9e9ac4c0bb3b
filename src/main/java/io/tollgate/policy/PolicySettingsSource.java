package io.tollgate.policy;

import io.smallrye.mutiny.Uni;

/** The policy settings in force now, as every replica sees them within seconds of a change. */
public interface PolicySettingsSource {

    Uni<PolicySettings> current();
}
