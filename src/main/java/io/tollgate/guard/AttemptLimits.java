package io.tollgate.guard;

import java.time.Duration;

/**
 * How many failed attempts a user may make before their account locks, and for how long it
 * locks: administrators change them at run time (they live with the policy settings), seeded
 * from {@code tollgate.regulation.*}. An administrator's limit is never above a user's.
 */
public record AttemptLimits(int maxAttempts, int adminMaxAttempts, Duration lockTime) {

    public AttemptLimits {
        if (maxAttempts < 1 || adminMaxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt, not " + Math.min(maxAttempts, adminMaxAttempts));
        }
        if (lockTime.isNegative() || lockTime.isZero()) {
            throw new IllegalArgumentException("a lock lasts some time, not " + lockTime);
        }
    }

    public static AttemptLimits of(RegulationConfig config) {
        return new AttemptLimits(config.maxAttempts(), config.adminMaxAttempts(), config.banTime());
    }

    public int limitFor(boolean admin) {
        return admin ? Math.min(adminMaxAttempts, maxAttempts) : maxAttempts;
    }
}
