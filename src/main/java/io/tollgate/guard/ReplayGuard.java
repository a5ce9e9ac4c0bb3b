package io.tollgate.guard;

import io.smallrye.mutiny.Uni;

/**
 * Accepts each credential's codes at most once, across replicas: a code is accepted only if
 * its time step is later than the last step accepted for that credential. The record lives as
 * long as any code of the window could still verify.
 */
public final class ReplayGuard {

    /** Records the step if it is newer than the last one; 1 when recorded, 0 for a replay. */
    private static final String SCRIPT = """
            local last = redis.call('GET', KEYS[1])
            if last and tonumber(last) >= tonumber(ARGV[1]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

    private final RedisScripts redis;

    ReplayGuard(RedisScripts redis) {
        this.redis = redis;
    }

    /**
     * @param retainMillis how long the record must last: at least the whole verification window
     * @return true when the step is fresh (and is now recorded), false for a replay
     */
    public Uni<Boolean> claim(String credentialId, long step, long retainMillis) {
        return redis.eval(SCRIPT, RedisScripts.keys("tollgate:replay:" + credentialId), step, retainMillis)
                .map(r -> r.toInteger() == 1);
    }
}
