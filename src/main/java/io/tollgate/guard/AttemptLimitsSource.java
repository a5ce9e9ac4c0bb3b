package io.tollgate.guard;

import io.smallrye.mutiny.Uni;

/** The attempt limits in force now (the run-time policy settings provide them). */
public interface AttemptLimitsSource {

    Uni<AttemptLimits> attemptLimits();

    /** Always these limits: for tools and tests that run a guard without the policy. */
    static AttemptLimitsSource fixed(AttemptLimits limits) {
        return () -> Uni.createFrom().item(limits);
    }
}
