package io.tollgate.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tollgate.store.LuaScript;
import io.tollgate.store.RedisCalls;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;

/**
 * The Redis side of every sign-in check (password, TOTP code, recovery code), one atomic script
 * per step so that replicas sharing Redis never lose a count or accept a code twice:
 * <ul>
 * <li>per user: failures within find-time; at the limit the user is locked for ban-time and is
 * answered "locked until T" whatever they send; a completed sign-in forgets them;</li>
 * <li>per address (its network, see {@link AddressPrefixes}): failures within address-find-time.
 * Past address-throttle-after its attempts are served one at a time: the script keeps the
 * network's next free slot (in Redis's clock), gives each attempt {@code slot = max(now, next)}
 * and moves {@code next} one interval later (100 ms, doubling with each failure, at most
 * address-max-delay); the attempt waits until its slot. Attempts sent together thus queue one
 * behind another instead of waiting side by side. One that would wait longer than
 * address-max-queue is refused at once, uncounted, whoever the user: the network gets one attempt
 * per interval, never more, and a correct user is only delayed while its queue is short;</li>
 * <li>replay guard: a code is accepted only if its time step is later than the last step
 * accepted for that credential, and the record lasts as long as the window.</li>
 * </ul>
 */
public final class SecondFactorGuard implements AttemptCounters {

    /**
     * KEYS: user count, address count, user lock, address next slot, address throttle mark, address
     * refusal mark, index of locks, user's failures in a row. ARGV: user limit, find ms, ban ms, throttle
     * after, first interval ms, address find ms, longest interval ms, longest queue ms, most failures in a
     * row, their lock ms. Answers {verdict, user failures, user lock ms,
     * ms until the address's queue has room, address failures, events, slot (Redis ms, 0 unqueued),
     * wait ms}.
     */
    private static final String FUNCTIONS = """
            local function ms(key)
              local t = redis.call('PTTL', key)
              if t < 0 then return 0 end
              return t
            end
            local function count(key) return tonumber(redis.call('GET', key) or '0') end
            local function clock()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function add(key, window)
              local n = redis.call('INCR', key)
              if n == 1 then redis.call('PEXPIRE', key, window) end
              return n
            end
            -- One failure more: the user's count u and the network's a are already counted.
            local function judge(u, a)
              local events = 0
              local row = redis.call('INCR', KEYS[8])
              redis.call('PEXPIRE', KEYS[8], ARGV[10])
              local ban = nil
              if row >= tonumber(ARGV[9]) then
                ban = tonumber(ARGV[10])
                events = events + 8
              elseif u >= tonumber(ARGV[1]) then
                ban = tonumber(ARGV[3])
              end
              if ban then
                redis.call('SET', KEYS[3], '1', 'PX', ban)
                redis.call('DEL', KEYS[1])
                local now = clock()
                redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', now)
                redis.call('ZADD', KEYS[7], now + ban, KEYS[3])
                events = events + 1
              end
              if a >= tonumber(ARGV[4]) and redis.call('SET', KEYS[5], '1', 'PX', ARGV[6], 'NX') then
                events = events + 4
              end
              return events
            end
            local function interval(a)
              local over = a - tonumber(ARGV[4])
              if over < 0 then return 0 end
              return math.min(tonumber(ARGV[5]) * 2 ^ math.min(over, 20), tonumber(ARGV[7]))
            end
            -- a: the network's failures and attempts in flight before this one. Answers the slot
            -- taken and its wait (0, 0 below the threshold), or -1 and the ms until the queue has room.
            local function queue(a)
              if a < tonumber(ARGV[4]) then return 0, 0 end
              local now = clock()
              local slot = math.max(now, tonumber(redis.call('GET', KEYS[4]) or '0'))
              local wait = slot - now
              if wait > tonumber(ARGV[8]) then return -1, wait - tonumber(ARGV[8]) end
              local after = slot + interval(a)
              redis.call('SET', KEYS[4], string.format('%d', after), 'PX',
                string.format('%d', math.max(after - now, 1)))
              return slot, wait
            end
            local function refused(u, a, room)
              local events = 0
              if redis.call('SET', KEYS[6], '1', 'PX', ARGV[6], 'NX') then events = 2 end
              return {'locked', u, 0, math.max(room, 1), a, events, 0, 0}
            end
            """;

    /** Refuses a locked user, then takes the network's next slot or refuses when its queue is too long. */
    private static final String PRELUDE = FUNCTIONS + """
            local u0 = count(KEYS[1])
            local a0 = count(KEYS[2])
            local ul = ms(KEYS[3])
            if ul > 0 then return {'locked', u0, ul, 0, a0, 0, 0, 0} end
            """;

    private static final String QUEUED = """
            local slot, wait = queue(a0)
            if slot < 0 then return refused(u0, a0, wait) end
            local function failed(verdict)
              local u = add(KEYS[1], ARGV[2])
              local a = add(KEYS[2], ARGV[6])
              local e = judge(u, a)
              return {verdict, u, ms(KEYS[3]), 0, a, e, slot, wait}
            end
            """;

    /** Then KEYS[9] = replay record, ARGV[11] = matched step, ARGV[12] = record lifetime ms. */
    private static final String ACCEPT = PRELUDE + QUEUED + """
            local last = redis.call('GET', KEYS[9])
            if not last or tonumber(last) < tonumber(ARGV[11]) then
              redis.call('SET', KEYS[9], ARGV[11], 'PX', ARGV[12])
              redis.call('DEL', KEYS[1], KEYS[8])
              return {'accepted', 0, 0, 0, a0, 0, slot, wait}
            end
            return failed('replay')
            """;

    private static final String REJECT = PRELUDE + QUEUED + "return failed('wrong')\n";

    /**
     * Reserves one attempt before a slow check (a password or recovery-code hash): counted at
     * once, so that many guesses sent together cannot all pass a lock check made before any of
     * them failed, and take their turns in the network's queue. Beyond the user's limit of
     * attempts in flight or failed, or past the network's longest queue, refused without being
     * counted and without taking a slot.
     */
    private static final String RESERVE = PRELUDE + """
            if u0 >= tonumber(ARGV[1]) then
              return {'locked', u0, math.max(ms(KEYS[1]), 1000), 0, a0, 0, 0, 0}
            end
            local slot, wait = queue(a0)
            if slot < 0 then return refused(u0, a0, wait) end
            local u = add(KEYS[1], ARGV[2])
            local a = add(KEYS[2], ARGV[6])
            return {'open', u, 0, 0, a, 0, slot, wait}
            """;

    /** A reserved attempt failed: it stays counted; limits reached now lock. */
    private static final String SETTLE_FAILURE = FUNCTIONS + """
            local u = count(KEYS[1])
            local a = count(KEYS[2])
            local e = judge(u, a)
            return {'wrong', u, ms(KEYS[3]), 0, a, e, 0, 0}
            """;

    /** A reserved attempt is off the counts (ARGV[1] = 1: the user's failures, in a row too, are forgotten). */
    private static final String SETTLE = """
            if ARGV[1] == '1' then
              redis.call('DEL', KEYS[1], KEYS[8])
            elseif tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then
              redis.call('DECR', KEYS[1])
            end
            if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
            return 1
            """;

    /**
     * KEYS: the index of locks. ARGV: how many at most, the start of lock keys that are no
     * user's. The lock keys of the users locked now, each checked to exist (an unlock or an
     * expiry may be ahead of the index, which is trimmed).
     */
    private static final String LOCKED_NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local found, start, max = {}, 0, tonumber(ARGV[1])
            while #found < max do
              local batch = redis.call('ZRANGE', KEYS[1], start, start + 99)
              if #batch == 0 then break end
              local gone = 0
              for _, key in ipairs(batch) do
                if #found >= max then break end
                if redis.call('EXISTS', key) == 0 then
                  redis.call('ZREM', KEYS[1], key)
                  gone = gone + 1
                elseif string.sub(key, 1, #ARGV[2]) ~= ARGV[2] then
                  table.insert(found, key)
                end
              end
              start = start + #batch - gone
            end
            return found
            """;

    /** KEYS: user lock, user count, index of locks, failures in a row. */
    private static final String UNLOCK = """
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
            redis.call('ZREM', KEYS[3], KEYS[1])
            return 1
            """;

    /** What Redis decided. OPEN: go ahead (a reservation). */
    public enum Verdict {
        ACCEPTED, REPLAY, WRONG, LOCKED, OPEN
    }

    /** Which limit refuses: the user's own lock, or their network's queue being too long. */
    public enum LockKind {
        USER, ADDRESS
    }

    /**
     * The decision, with the failure counts and any refusal that now applies to this user.
     *
     * @param addressLockedUntil when the network's queue has room again, for an attempt refused by it
     * @param slot the turn this attempt took in its network's queue (Redis's clock), when it is throttled
     * @param delay how long it waits for that turn (zero when not throttled)
     */
    public record Decision(Verdict verdict, int userFailures, int limit, Optional<Instant> userLockedUntil,
            Optional<Instant> addressLockedUntil, long addressFailures, Optional<Instant> slot, Duration delay) {

        public boolean locked() {
            return userLockedUntil.isPresent() || addressLockedUntil.isPresent();
        }

        /** The user's own lock when there is one: it is the one to wait for. */
        public Optional<Instant> lockedUntil() {
            return userLockedUntil.isPresent() ? userLockedUntil : addressLockedUntil;
        }

        public LockKind lockKind() {
            return userLockedUntil.isPresent() ? LockKind.USER : LockKind.ADDRESS;
        }
    }

    /**
     * The guard's Redis keys: a prefix, then the user key, the network or the credential. Every
     * one carries the hash tag {@code {guard}}: a script takes a user's, a network's and a
     * credential's keys together, which a Redis Cluster allows only within one hash slot. The
     * guard thus lives on one node of a cluster (a few commands per sign-in step); sessions, the
     * bulk of the traffic, spread over all of them.
     */
    private static final String KEYS = "tollgate:{guard}:";
    private static final String FAILURES_OF_USER = KEYS + "fail:user:";
    /** Failures in a row, whatever the windows: a completed sign-in or an unlock forgets them. */
    private static final String FAILURES_IN_A_ROW = KEYS + "row:user:";
    private static final String LOCK_OF_USER = KEYS + "lock:user:";
    private static final String FAILURES_OF_NETWORK = KEYS + "fail:ip:";
    private static final String SLOT_OF_NETWORK = KEYS + "slot:ip:";
    private static final String THROTTLE_OF_NETWORK = KEYS + "throttle:ip:";
    private static final String REFUSED_OF_NETWORK = KEYS + "refused:ip:";
    private static final String REPLAY_OF_CREDENTIAL = KEYS + "replay:";
    /** The lock keys by when they end, for the list of locked users (a scan would miss other nodes of a cluster). */
    private static final String LOCKS = KEYS + "locks";
    /** Failed AuthKeys count against their network under this name, which is no user's. */
    private static final String CREDENTIAL_USER = "credential:";

    private final RedisCalls redis;
    private final LuaScript accept = new LuaScript(ACCEPT);
    private final LuaScript reject = new LuaScript(REJECT);
    private final LuaScript reserve = new LuaScript(RESERVE);
    private final LuaScript settleFailure = new LuaScript(SETTLE_FAILURE);
    private final LuaScript settle = new LuaScript(SETTLE);
    private final LuaScript lockedNow = new LuaScript(LOCKED_NOW);
    private final LuaScript unlock = new LuaScript(UNLOCK);
    private final Regulation rules;
    private final Pause pause;
    private final RegulationEvents events;
    private final AttemptLimitsSource limits;
    /** The limits of the latest decision, for messages that need them without waiting. */
    private volatile AttemptLimits lastLimits;

    /** With the configured limits, for tools and tests. */
    SecondFactorGuard(RedisCalls redis, RegulationConfig config, Pause pause, MeterRegistry registry) {
        this(redis, config, pause, registry, null);
    }

    /**
     * @param limits the run-time attempt limits; null: the configured ones, always
     * @throws io.quarkus.runtime.configuration.ConfigurationException naming every bad setting
     */
    SecondFactorGuard(RedisCalls redis, RegulationConfig config, Pause pause, MeterRegistry registry,
            AttemptLimitsSource limits) {
        this.redis = redis;
        this.rules = Regulation.of(config);
        this.pause = pause;
        this.events = new RegulationEvents(registry, rules);
        this.lastLimits = new AttemptLimits(rules.maxAttempts(), rules.adminMaxAttempts(), rules.banTime());
        this.limits = limits != null ? limits : AttemptLimitsSource.fixed(lastLimits);
    }

    /** The limit in force at the latest decision. */
    public int limitFor(boolean admin) {
        return lastLimits.limitFor(admin);
    }

    /** A code matched {@code step} of a credential: accept it unless refused or replayed. */
    public Uni<Decision> accept(String user, boolean admin, String address, String credentialId, long step,
            long retainMillis) {
        String network = rules.prefixes().of(address);
        return decide(accept, user, admin, network, user, List.of(REPLAY_OF_CREDENTIAL + credentialId), step,
                retainMillis).call(this::paced);
    }

    /** No credential matched: count a failure unless refused. */
    public Uni<Decision> reject(String user, boolean admin, String address) {
        String network = rules.prefixes().of(address);
        return decide(reject, user, admin, network, user, List.of()).call(this::paced);
    }

    /**
     * A code's answer waits for the turn it took in its network's queue. The wait comes after the
     * check, which stays one atomic round trip: the turn is taken, and the queue's length bounded,
     * all the same, and the client sees the same delay either way. A refusal does not wait.
     */
    private Uni<Void> paced(Decision decision) {
        return decision.verdict() == Verdict.LOCKED ? Uni.createFrom().voidItem() : pause.of(decision.delay());
    }

    /**
     * Counts an attempt before it is checked, then waits for its turn in its network's queue.
     * Refused (LOCKED) when the user is locked or has as many attempts failed or in flight as
     * allowed, or when its network's queue is too long (then uncounted, whoever the user).
     */
    @Override
    public Uni<Attempt> reserve(String user, boolean admin, String address) {
        String network = rules.prefixes().of(address);
        return decide(reserve, user, admin, network, null, List.of())
                .flatMap(d -> d.verdict() == Verdict.OPEN
                        ? pause.of(d.delay()).replaceWith((Attempt) new ReservedAttempt(this, user, admin, network, d))
                        : Uni.createFrom().item((Attempt) new ReservedAttempt(this, user, admin, network, d)));
    }

    /**
     * A credential that is no sign-in — an AuthKey — failed: the failure counts against its
     * network (under a name of the network's own, so no user is locked by it), and the answer
     * waits its turn in the network's queue like a wrong code's.
     */
    public Uni<Decision> rejectCredential(String address) {
        String network = rules.prefixes().of(address);
        return decide(reject, CREDENTIAL_USER + network, false, network, null, List.of()).call(this::paced);
    }

    /** Whether the user (lower case) is locked now after too many failed sign-ins. */
    public Uni<Boolean> userLocked(String user) {
        return redis.send(Command.EXISTS, LOCK_OF_USER + user).map(r -> r != null && r.toInteger() > 0);
    }

    @Override
    public Uni<Void> signedIn(String user) {
        return redis.send(Command.DEL, FAILURES_OF_USER + user, FAILURES_IN_A_ROW + user).replaceWithVoid();
    }

    /**
     * The users (lower case) locked now, at most {@code max}: for the administration's "locked"
     * filter and count.
     */
    public Uni<java.util.Set<String>> lockedUsers(int max) {
        return redis.eval(lockedNow, List.of(LOCKS), max, LOCK_OF_USER + CREDENTIAL_USER).map(reply -> {
            java.util.Set<String> locked = new java.util.TreeSet<>();
            reply.forEach(key -> locked.add(key.toString().substring(LOCK_OF_USER.length())));
            return locked;
        });
    }

    /** Which of these users (lower case) are locked now: one round trip, whatever their number. */
    public Uni<java.util.Set<String>> lockedAmong(java.util.Collection<String> users) {
        if (users.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        List<String> ordered = List.copyOf(users);
        String[] keys = ordered.stream().map(u -> LOCK_OF_USER + u).toArray(String[]::new);
        // One MGET even on a cluster: the keys share their hash slot.
        return redis.send(Command.MGET, keys).map(reply -> {
            java.util.Set<String> locked = new java.util.HashSet<>();
            for (int i = 0; i < ordered.size(); i++) {
                if (reply.get(i) != null) {
                    locked.add(ordered.get(i));
                }
            }
            return locked;
        });
    }

    public Uni<Void> unlockUser(String user) {
        return redis.eval(unlock, List.of(LOCK_OF_USER + user, FAILURES_OF_USER + user, LOCKS, FAILURES_IN_A_ROW + user))
                .replaceWithVoid();
    }

    /** Forgets a network's failures, turns and throttling, and the lock its refused keys earned it. */
    public Uni<Void> unlockAddress(String address) {
        String network = rules.prefixes().of(address);
        return redis.send(Command.DEL, FAILURES_OF_NETWORK + network, SLOT_OF_NETWORK + network,
                THROTTLE_OF_NETWORK + network, REFUSED_OF_NETWORK + network)
                .call(() -> unlockUser(CREDENTIAL_USER + network)).replaceWithVoid();
    }

    Uni<Decision> settleFailure(String user, boolean admin, String network, String knownUsername) {
        return decide(settleFailure, user, admin, network, knownUsername, List.of());
    }

    Uni<Void> settle(String user, String network, boolean forgetUserFailures) {
        return redis.eval(settle, keys(user, network), forgetUserFailures ? 1 : 0).replaceWithVoid();
    }

    /**
     * Runs one of the guard's scripts on the keys of a user and a network (and {@code moreKeys}),
     * with the regulation's settings (and {@code moreArgs}) as arguments; locks it started are
     * logged and counted, under {@code knownUsername} when there is one.
     */
    private Uni<Decision> decide(LuaScript script, String user, boolean admin, String network, String knownUsername,
            List<String> moreKeys, Object... moreArgs) {
        return limits.attemptLimits().invoke(now -> lastLimits = now).flatMap(now -> redis.eval(script,
                keys(user, network, moreKeys.toArray(String[]::new)), args(now, admin, moreArgs))
                .map(r -> decided(r, now, admin, knownUsername, network)));
    }

    private Object[] args(AttemptLimits now, boolean admin, Object... more) {
        List<Object> args = new ArrayList<>(List.of(now.limitFor(admin), rules.findTime().toMillis(),
                now.lockTime().toMillis(), rules.addressThrottleAfter(), Regulation.FIRST_DELAY.toMillis(),
                rules.addressFindTime().toMillis(), rules.addressMaxDelay().toMillis(),
                rules.addressMaxQueue().toMillis(), rules.maxConsecutiveFailures(),
                rules.consecutiveLockTime().toMillis()));
        args.addAll(List.of(more));
        return args.toArray();
    }

    private static List<String> keys(String user, String network, String... more) {
        List<String> keys = new ArrayList<>(List.of(FAILURES_OF_USER + user, FAILURES_OF_NETWORK + network,
                LOCK_OF_USER + user, SLOT_OF_NETWORK + network, THROTTLE_OF_NETWORK + network,
                REFUSED_OF_NETWORK + network, LOCKS, FAILURES_IN_A_ROW + user));
        keys.addAll(List.of(more));
        return keys;
    }

    /** A decision after which locks may have started: they are logged and counted. */
    private Decision decided(Response r, AttemptLimits now, boolean admin, String knownUsername, String network) {
        Decision decision = decision(r, now, admin);
        int started = r.get(5).toInteger();
        if (started != 0) {
            events.started(started, knownUsername, network, decision);
        }
        return decision;
    }

    private Decision decision(Response r, AttemptLimits now, boolean admin) {
        Verdict verdict = Verdict.valueOf(r.get(0).toString().toUpperCase(Locale.ROOT));
        long slot = r.get(6).toLong();
        return new Decision(verdict, r.get(1).toInteger(), now.limitFor(admin), until(r.get(2)), until(r.get(3)),
                r.get(4).toLong(), slot > 0 ? Optional.of(Instant.ofEpochMilli(slot)) : Optional.empty(),
                Duration.ofMillis(r.get(7).toLong()));
    }

    private static Optional<Instant> until(Response remainingMillis) {
        long ms = remainingMillis.toLong();
        return ms > 0 ? Optional.of(Instant.now().plusMillis(ms)) : Optional.empty();
    }
}
