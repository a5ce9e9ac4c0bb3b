package io.tollgate.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;

/**
 * The Redis side of a second-factor check, one atomic script per verification so that
 * replicas sharing Redis never lose a count or accept a code twice:
 * <ul>
 * <li>lockout: a locked user or address gets "locked until T" and nothing is recorded;</li>
 * <li>replay guard: a code is accepted only if its time step is later than the last step
 * accepted for that credential, and the record lasts as long as the window;</li>
 * <li>attempt limiter: failures (wrong codes and replays) are counted per user and per
 * address within find-time; reaching the limit locks for ban-time; a success forgets the
 * user's failures.</li>
 * </ul>
 */
public final class SecondFactorGuard {

    /** KEYS: user count, address count, user lock, address lock. ARGV: user limit, address limit, find ms, ban ms. */
    private static final String LOCKS_AND_FAILURE = """
            local function lock_ms(key)
              local ms = redis.call('PTTL', key)
              if ms < 0 then return 0 end
              return ms
            end
            local function fail()
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
              return {u, lock_ms(KEYS[3]), lock_ms(KEYS[4])}
            end
            local ul = lock_ms(KEYS[3])
            local il = lock_ms(KEYS[4])
            if ul > 0 or il > 0 then return {'locked', 0, ul, il} end
            """;

    /** Then KEYS[5] = replay record, ARGV[5] = matched step, ARGV[6] = record lifetime ms. */
    private static final String ACCEPT = LOCKS_AND_FAILURE + """
            local last = redis.call('GET', KEYS[5])
            if not last or tonumber(last) < tonumber(ARGV[5]) then
              redis.call('SET', KEYS[5], ARGV[5], 'PX', ARGV[6])
              redis.call('DEL', KEYS[1])
              return {'accepted', 0, 0, 0}
            end
            local f = fail()
            return {'replay', f[1], f[2], f[3]}
            """;

    private static final String REJECT = LOCKS_AND_FAILURE + """
            local f = fail()
            return {'wrong', f[1], f[2], f[3]}
            """;

    /** Only the lockout check, recording nothing. */
    private static final String STATUS = LOCKS_AND_FAILURE + """
            return {'open', 0, 0, 0}
            """;

    /**
     * Reserves one attempt before a slow check (a password or recovery-code hash): the
     * attempt is counted at once, so that many guesses sent together cannot all pass a lock
     * check made before any of them failed. Beyond the limit of attempts in flight or failed,
     * it is refused without being counted. Settled by {@link #SETTLE_FAILURE} or
     * {@link #SETTLE_SUCCESS}.
     */
    private static final String RESERVE = LOCKS_AND_FAILURE + """
            local u = redis.call('INCR', KEYS[1])
            if u == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            local i = redis.call('INCR', KEYS[2])
            if i == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
            if u > tonumber(ARGV[1]) or i > tonumber(ARGV[2]) then
              redis.call('DECR', KEYS[1])
              redis.call('DECR', KEYS[2])
              local wait = math.max(redis.call('PTTL', KEYS[1]), redis.call('PTTL', KEYS[2]), 1000)
              return {'locked', u - 1, wait, 0}
            end
            return {'open', u, 0, 0}
            """;

    /** A reserved attempt failed: it stays counted; at the limit the user or address is locked. */
    private static final String SETTLE_FAILURE = """
            local u = tonumber(redis.call('GET', KEYS[1]) or '0')
            local i = tonumber(redis.call('GET', KEYS[2]) or '0')
            if u >= tonumber(ARGV[1]) then
              redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
              redis.call('DEL', KEYS[1])
            end
            if i >= tonumber(ARGV[2]) then
              redis.call('SET', KEYS[4], '1', 'PX', ARGV[4])
              redis.call('DEL', KEYS[2])
            end
            local function lock_ms(key)
              local ms = redis.call('PTTL', key)
              if ms < 0 then return 0 end
              return ms
            end
            return {'wrong', u, lock_ms(KEYS[3]), lock_ms(KEYS[4])}
            """;

    /** A reserved attempt succeeded: it no longer counts. */
    private static final String SETTLE_SUCCESS = """
            if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
            if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
            return {'accepted', 0, 0, 0}
            """;

    /** What Redis decided. OPEN: no lock applies (a status check). */
    public enum Verdict {
        ACCEPTED, REPLAY, WRONG, LOCKED, OPEN
    }

    /** The decision, with the failure count and any lock that now applies. */
    public record Decision(Verdict verdict, int userFailures, int limit, Optional<Instant> userLockedUntil,
            Optional<Instant> addressLockedUntil) {

        public boolean locked() {
            return userLockedUntil.isPresent() || addressLockedUntil.isPresent();
        }

        /** The later of the two locks. */
        public Optional<Instant> lockedUntil() {
            if (userLockedUntil.isPresent() && addressLockedUntil.isPresent()) {
                return Optional.of(userLockedUntil.get().isAfter(addressLockedUntil.get())
                        ? userLockedUntil.get() : addressLockedUntil.get());
            }
            return userLockedUntil.isPresent() ? userLockedUntil : addressLockedUntil;
        }
    }

    private final RedisScripts redis;
    private final RedisScripts.Script accept;
    private final RedisScripts.Script reject;
    private final RedisScripts.Script status;
    private final RedisScripts.Script reserve;
    private final RedisScripts.Script settleFailure;
    private final RedisScripts.Script settleSuccess;
    private final Duration findTime;
    private final Duration banTime;
    private final int maxAttempts;
    private final int adminMaxAttempts;

    SecondFactorGuard(RedisScripts redis, RegulationConfig config) {
        this.redis = redis;
        this.accept = new RedisScripts.Script(ACCEPT);
        this.reject = new RedisScripts.Script(REJECT);
        this.status = new RedisScripts.Script(STATUS);
        this.reserve = new RedisScripts.Script(RESERVE);
        this.settleFailure = new RedisScripts.Script(SETTLE_FAILURE);
        this.settleSuccess = new RedisScripts.Script(SETTLE_SUCCESS);
        this.findTime = config.findTime();
        this.banTime = config.banTime();
        this.maxAttempts = config.maxAttempts();
        this.adminMaxAttempts = Math.min(config.adminMaxAttempts(), config.maxAttempts());
    }

    public int limitFor(boolean admin) {
        return admin ? adminMaxAttempts : maxAttempts;
    }

    /** A code matched {@code step} of a credential: accept it unless locked or replayed. */
    public Uni<Decision> accept(String user, boolean admin, String address, String credentialId, long step,
            long retainMillis) {
        return redis.eval(accept, keys(user, address, "tollgate:replay:" + credentialId),
                limitFor(admin), maxAttempts, findTime.toMillis(), banTime.toMillis(), step, retainMillis)
                .map(r -> decision(r, limitFor(admin)));
    }

    /** No credential matched: count a failure unless already locked. */
    public Uni<Decision> reject(String user, boolean admin, String address) {
        return redis.eval(reject, keys(user, address), limitFor(admin), maxAttempts, findTime.toMillis(),
                banTime.toMillis()).map(r -> decision(r, limitFor(admin)));
    }

    /**
     * Whether the user or address is locked, without counting anything: asked before a
     * password is checked, so that a locked account costs no hash and reveals nothing.
     */
    public Uni<Decision> status(String user, boolean admin, String address) {
        return redis.eval(status, keys(user, address), limitFor(admin), maxAttempts, findTime.toMillis(),
                banTime.toMillis()).map(r -> decision(r, limitFor(admin)));
    }

    /**
     * Counts an attempt before it is checked: OPEN to go ahead (then settle it), LOCKED when the
     * user or address is locked or already has as many attempts failed or in flight as allowed.
     */
    public Uni<Decision> reserve(String user, boolean admin, String address) {
        return redis.eval(reserve, keys(user, address), limitFor(admin), maxAttempts, findTime.toMillis(),
                banTime.toMillis()).map(r -> decision(r, limitFor(admin)));
    }

    /** The reserved attempt was wrong: WRONG with the count, locked when it reached the limit. */
    public Uni<Decision> settleFailure(String user, boolean admin, String address) {
        return redis.eval(settleFailure, keys(user, address), limitFor(admin), maxAttempts, findTime.toMillis(),
                banTime.toMillis()).map(r -> decision(r, limitFor(admin)));
    }

    /** The reserved attempt was right: it is not counted. */
    public Uni<Void> settleSuccess(String user, String address) {
        return redis.eval(settleSuccess, keys(user, address)).replaceWithVoid();
    }

    public Uni<Void> unlockUser(String user) {
        return redis.send(Command.DEL, "tollgate:lock:user:" + user, "tollgate:fail:user:" + user).replaceWithVoid();
    }

    public Uni<Void> unlockAddress(String address) {
        return redis.send(Command.DEL, "tollgate:lock:ip:" + address, "tollgate:fail:ip:" + address).replaceWithVoid();
    }

    private static java.util.List<String> keys(String user, String address, String... more) {
        java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of("tollgate:fail:user:" + user,
                "tollgate:fail:ip:" + address, "tollgate:lock:user:" + user, "tollgate:lock:ip:" + address));
        keys.addAll(java.util.List.of(more));
        return keys;
    }

    private static Decision decision(Response r, int limit) {
        Verdict verdict = Verdict.valueOf(r.get(0).toString().toUpperCase(java.util.Locale.ROOT));
        return new Decision(verdict, r.get(1).toInteger(), limit, until(r.get(2)), until(r.get(3)));
    }

    private static Optional<Instant> until(Response remainingMillis) {
        long ms = remainingMillis.toLong();
        return ms > 0 ? Optional.of(Instant.now().plusMillis(ms)) : Optional.empty();
    }
}
