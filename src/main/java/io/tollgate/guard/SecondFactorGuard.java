package io.tollgate.guard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;

/**
 * The Redis side of every sign-in check (password, TOTP code, recovery code), one atomic script
 * per step so that replicas sharing Redis never lose a count or accept a code twice:
 * <ul>
 * <li>per user: failures within find-time; at the limit the user is locked for ban-time and is
 * answered "locked until T" whatever they send; a completed sign-in forgets them;</li>
 * <li>per address (its network, see {@link AddressPrefixes}): failures within address-find-time.
 * Past address-throttle-after each attempt from it waits before it is checked (100 ms, doubling,
 * at most address-max-delay); past address-block-after it refuses, for address-block-time, the
 * users who have failures of their own. A user without failures is never refused because of the
 * address: many people behind one NAT or proxy cannot lock each other out;</li>
 * <li>replay guard: a code is accepted only if its time step is later than the last step
 * accepted for that credential, and the record lasts as long as the window.</li>
 * </ul>
 */
public final class SecondFactorGuard {

    /**
     * KEYS: user count, address count, user lock, address block, address throttle mark. ARGV:
     * user limit, find ms, ban ms, throttle after, block after, address find ms, block ms.
     * Answers {verdict, user failures, user lock ms, address block ms, address failures, events}.
     */
    private static final String PRELUDE = """
            local function ms(key)
              local t = redis.call('PTTL', key)
              if t < 0 then return 0 end
              return t
            end
            local function count(key) return tonumber(redis.call('GET', key) or '0') end
            local function add(key, window)
              local n = redis.call('INCR', key)
              if n == 1 then redis.call('PEXPIRE', key, window) end
              return n
            end
            local function judge(u, a)
              local events = 0
              if u >= tonumber(ARGV[1]) then
                redis.call('SET', KEYS[3], '1', 'PX', ARGV[3])
                redis.call('DEL', KEYS[1])
                events = events + 1
              end
              if a >= tonumber(ARGV[5]) and ms(KEYS[4]) == 0 then
                redis.call('SET', KEYS[4], '1', 'PX', ARGV[7])
                events = events + 2
              end
              if a >= tonumber(ARGV[4]) and redis.call('SET', KEYS[5], '1', 'PX', ARGV[6], 'NX') then
                events = events + 4
              end
              return events
            end
            local function failed(verdict)
              local u = add(KEYS[1], ARGV[2])
              local a = add(KEYS[2], ARGV[6])
              local e = judge(u, a)
              return {verdict, u, ms(KEYS[3]), ms(KEYS[4]), a, e}
            end
            local u0 = count(KEYS[1])
            local a0 = count(KEYS[2])
            local ul = ms(KEYS[3])
            if ul > 0 then return {'locked', u0, ul, 0, a0, 0} end
            local al = ms(KEYS[4])
            if al > 0 and u0 > 0 then return {'locked', u0, 0, al, a0, 0} end
            """;

    /** Then KEYS[6] = replay record, ARGV[8] = matched step, ARGV[9] = record lifetime ms. */
    private static final String ACCEPT = PRELUDE + """
            local last = redis.call('GET', KEYS[6])
            if not last or tonumber(last) < tonumber(ARGV[8]) then
              redis.call('SET', KEYS[6], ARGV[8], 'PX', ARGV[9])
              redis.call('DEL', KEYS[1])
              return {'accepted', 0, 0, 0, a0, 0}
            end
            return failed('replay')
            """;

    private static final String REJECT = PRELUDE + "return failed('wrong')\n";

    /**
     * Reserves one attempt before a slow check (a password or recovery-code hash): counted at
     * once, so that many guesses sent together cannot all pass a lock check made before any of
     * them failed, and are slowed down together. Beyond the user's limit of attempts in flight or
     * failed, refused without being counted.
     */
    private static final String RESERVE = PRELUDE + """
            local u = add(KEYS[1], ARGV[2])
            local a = add(KEYS[2], ARGV[6])
            if u > tonumber(ARGV[1]) then
              redis.call('DECR', KEYS[1])
              redis.call('DECR', KEYS[2])
              return {'locked', u - 1, math.max(redis.call('PTTL', KEYS[1]), 1000), 0, a - 1, 0}
            end
            return {'open', u, 0, 0, a, 0}
            """;

    /** A reserved attempt failed: it stays counted; limits reached now lock. */
    private static final String SETTLE_FAILURE = PRELUDE.substring(0, PRELUDE.indexOf("local u0")) + """
            local u = count(KEYS[1])
            local a = count(KEYS[2])
            local e = judge(u, a)
            return {'wrong', u, ms(KEYS[3]), ms(KEYS[4]), a, e}
            """;

    /** A reserved attempt is off the counts (ARGV[1] = 1: the user's failures are forgotten too). */
    private static final String SETTLE = """
            if ARGV[1] == '1' then
              redis.call('DEL', KEYS[1])
            elseif tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then
              redis.call('DECR', KEYS[1])
            end
            if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
            return 1
            """;

    /** What Redis decided. OPEN: go ahead (a reservation). */
    public enum Verdict {
        ACCEPTED, REPLAY, WRONG, LOCKED, OPEN
    }

    /** Which limit refuses: the user's own, or their address's. */
    public enum LockKind {
        USER, ADDRESS
    }

    /** The decision, with the failure counts and any lock that now applies to this user. */
    public record Decision(Verdict verdict, int userFailures, int limit, Optional<Instant> userLockedUntil,
            Optional<Instant> addressLockedUntil, long addressFailures) {

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

    private final RedisScripts redis;
    private final RedisScripts.Script accept = new RedisScripts.Script(ACCEPT);
    private final RedisScripts.Script reject = new RedisScripts.Script(REJECT);
    private final RedisScripts.Script reserve = new RedisScripts.Script(RESERVE);
    private final RedisScripts.Script settleFailure = new RedisScripts.Script(SETTLE_FAILURE);
    private final RedisScripts.Script settle = new RedisScripts.Script(SETTLE);
    private final Regulation rules;
    private final Pause pause;
    private final RegulationEvents events;

    /** @throws io.quarkus.runtime.configuration.ConfigurationException naming every bad setting */
    SecondFactorGuard(RedisScripts redis, RegulationConfig config, Pause pause, MeterRegistry registry) {
        this.redis = redis;
        this.rules = Regulation.of(config);
        this.pause = pause;
        this.events = new RegulationEvents(registry, rules);
    }

    public int limitFor(boolean admin) {
        return rules.limitFor(admin);
    }

    /** A code matched {@code step} of a credential: accept it unless refused or replayed. */
    public Uni<Decision> accept(String user, boolean admin, String address, String credentialId, long step,
            long retainMillis) {
        String network = rules.prefixes().of(address);
        return redis.eval(accept, keys(user, network, "tollgate:replay:" + credentialId), args(admin, step,
                retainMillis)).map(r -> decided(r, admin, user, network)).call(this::paced);
    }

    /** No credential matched: count a failure unless refused. */
    public Uni<Decision> reject(String user, boolean admin, String address) {
        String network = rules.prefixes().of(address);
        return redis.eval(reject, keys(user, network), args(admin)).map(r -> decided(r, admin, user, network))
                .call(this::paced);
    }

    /**
     * A code's answer waits as long as its address's earlier failures say. The wait comes after
     * the check, which stays one atomic round trip; the client sees the same delay either way.
     * A refusal made unchecked does not wait, as for passwords.
     */
    private Uni<Void> paced(Decision decision) {
        if (decision.verdict() == Verdict.LOCKED) {
            return Uni.createFrom().voidItem();
        }
        long earlier = decision.addressFailures() - (decision.verdict() == Verdict.ACCEPTED ? 0 : 1);
        return pause.of(rules.delay(earlier));
    }

    /**
     * Counts an attempt before it is checked, then waits as long as its address's failures say.
     * Refused (LOCKED) when the user is locked, has as many attempts failed or in flight as
     * allowed, or has failures of their own while the address is blocked.
     */
    public Uni<Attempt> reserve(String user, boolean admin, String address) {
        String network = rules.prefixes().of(address);
        return redis.eval(reserve, keys(user, network), args(admin)).map(r -> decision(r, admin)).flatMap(d ->
                d.verdict() == Verdict.OPEN
                        ? pause.of(rules.delay(d.addressFailures() - 1)).replaceWith(new Attempt(this, user, admin,
                                network, d))
                        : Uni.createFrom().item(new Attempt(this, user, admin, network, d)));
    }

    /** A completed sign-in: the user's failures are forgotten. */
    public Uni<Void> signedIn(String user) {
        return redis.send(Command.DEL, "tollgate:fail:user:" + user).replaceWithVoid();
    }

    public Uni<Void> unlockUser(String user) {
        return redis.send(Command.DEL, "tollgate:lock:user:" + user, "tollgate:fail:user:" + user).replaceWithVoid();
    }

    public Uni<Void> unlockAddress(String address) {
        String network = rules.prefixes().of(address);
        return redis.send(Command.DEL, "tollgate:lock:ip:" + network, "tollgate:fail:ip:" + network,
                "tollgate:throttle:ip:" + network).replaceWithVoid();
    }

    Uni<Decision> settleFailure(String user, boolean admin, String network, String knownUsername) {
        return redis.eval(settleFailure, keys(user, network), args(admin))
                .map(r -> decided(r, admin, knownUsername, network));
    }

    Uni<Void> settle(String user, String network, boolean forgetUserFailures) {
        return redis.eval(settle, keys(user, network), forgetUserFailures ? 1 : 0).replaceWithVoid();
    }

    private Object[] args(boolean admin, Object... more) {
        List<Object> args = new ArrayList<>(List.of(rules.limitFor(admin), rules.findTime().toMillis(),
                rules.banTime().toMillis(), rules.addressThrottleAfter(), rules.addressBlockAfter(),
                rules.addressFindTime().toMillis(), rules.addressBlockTime().toMillis()));
        args.addAll(List.of(more));
        return args.toArray();
    }

    private static List<String> keys(String user, String network, String... more) {
        List<String> keys = new ArrayList<>(List.of("tollgate:fail:user:" + user, "tollgate:fail:ip:" + network,
                "tollgate:lock:user:" + user, "tollgate:lock:ip:" + network, "tollgate:throttle:ip:" + network));
        keys.addAll(List.of(more));
        return keys;
    }

    /** A decision after which locks may have started: they are logged and counted. */
    private Decision decided(Response r, boolean admin, String knownUsername, String network) {
        Decision decision = decision(r, admin);
        int started = r.get(5).toInteger();
        if (started != 0) {
            events.started(started, knownUsername, network, decision);
        }
        return decision;
    }

    private Decision decision(Response r, boolean admin) {
        Verdict verdict = Verdict.valueOf(r.get(0).toString().toUpperCase(Locale.ROOT));
        return new Decision(verdict, r.get(1).toInteger(), rules.limitFor(admin), until(r.get(2)), until(r.get(3)),
                r.get(4).toLong());
    }

    private static Optional<Instant> until(Response remainingMillis) {
        long ms = remainingMillis.toLong();
        return ms > 0 ? Optional.of(Instant.now().plusMillis(ms)) : Optional.empty();
    }
}
