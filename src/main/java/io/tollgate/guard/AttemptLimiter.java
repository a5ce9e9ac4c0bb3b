package io.tollgate.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;

/**
 * Counts failed attempts per user and per client address in Redis. Past the limit within
 * find-time, the user or the address is locked for ban-time. Each update is one Lua script,
 * so counts from several replicas add up exactly.
 */
public final class AttemptLimiter {

    /** Returns the remaining lock time in ms of the user and of the address (0 when not locked). */
    private static final String CHECK = """
            local u = redis.call('PTTL', KEYS[1])
            local i = redis.call('PTTL', KEYS[2])
            if u < 0 then u = 0 end
            if i < 0 then i = 0 end
            return {u, i}
            """;

    /**
     * KEYS: user count, address count, user lock, address lock.
     * ARGV: user limit, address limit, find-time ms, ban-time ms.
     * Returns {user count, user lock ms, address lock ms}.
     */
    private static final String FAIL = """
            local u = redis.call('INCR', KEYS[1])
            if u == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            local i = redis.call('INCR', KEYS[2])
            if i == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
            if u >= tonumber(ARGV[1]) then
              redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
              redis.call('DEL', KEYS[1])
            end
            if i >= tonumber(ARGV[2]) then
              redis.call('SET', KEYS[4], '1', 'PX', ARGV[4])
              redis.call('DEL', KEYS[2])
            end
            local ul = redis.call('PTTL', KEYS[3])
            local il = redis.call('PTTL', KEYS[4])
            if ul < 0 then ul = 0 end
            if il < 0 then il = 0 end
            return {u, ul, il}
            """;

    /** Whether a user or an address is locked, and until when. */
    public record Lock(Optional<Instant> userUntil, Optional<Instant> addressUntil) {
        public boolean locked() {
            return userUntil.isPresent() || addressUntil.isPresent();
        }

        /** The later of the two, for "locked until T". */
        public Optional<Instant> until() {
            if (userUntil.isPresent() && addressUntil.isPresent()) {
                return Optional.of(userUntil.get().isAfter(addressUntil.get()) ? userUntil.get() : addressUntil.get());
            }
            return userUntil.isPresent() ? userUntil : addressUntil;
        }
    }

    /** After a failure: how many the user has left before a lock, and the lock state. */
    public record Failure(int attemptsLeft, Lock lock) {
    }

    private final RedisScripts redis;
    private final Duration findTime;
    private final Duration banTime;
    private final int maxAttempts;
    private final int adminMaxAttempts;

    AttemptLimiter(RedisScripts redis, RegulationConfig config) {
        this.redis = redis;
        this.findTime = config.findTime();
        this.banTime = config.banTime();
        this.maxAttempts = config.maxAttempts();
        this.adminMaxAttempts = Math.min(config.adminMaxAttempts(), config.maxAttempts());
    }

    public Uni<Lock> check(String user, String address) {
        return redis.eval(CHECK, RedisScripts.keys(userLock(user), addressLock(address)))
                .map(r -> new Lock(until(r.get(0)), until(r.get(1))));
    }

    public Uni<Failure> recordFailure(String user, boolean admin, String address) {
        int userLimit = admin ? adminMaxAttempts : maxAttempts;
        return redis.eval(FAIL, RedisScripts.keys(userCount(user), addressCount(address), userLock(user), addressLock(address)),
                userLimit, maxAttempts, findTime.toMillis(), banTime.toMillis())
                .map(r -> {
                    Lock lock = new Lock(until(r.get(1)), until(r.get(2)));
                    int left = lock.userUntil().isPresent() ? 0 : Math.max(0, userLimit - r.get(0).toInteger());
                    return new Failure(left, lock);
                });
    }

    /** A success forgets the user's failures (not the address's). */
    public Uni<Void> recordSuccess(String user) {
        return redis.send(Command.DEL, userCount(user)).replaceWithVoid();
    }

    public Uni<Void> unlockUser(String user) {
        return redis.send(Command.DEL, userLock(user), userCount(user)).replaceWithVoid();
    }

    public Uni<Void> unlockAddress(String address) {
        return redis.send(Command.DEL, addressLock(address), addressCount(address)).replaceWithVoid();
    }

    private static Optional<Instant> until(Response remainingMillis) {
        long ms = remainingMillis.toLong();
        return ms > 0 ? Optional.of(Instant.now().plusMillis(ms)) : Optional.empty();
    }

    private static String userCount(String user) {
        return "tollgate:fail:user:" + user;
    }

    private static String userLock(String user) {
        return "tollgate:lock:user:" + user;
    }

    private static String addressCount(String address) {
        return "tollgate:fail:ip:" + address;
    }

    private static String addressLock(String address) {
        return "tollgate:lock:ip:" + address;
    }
}
