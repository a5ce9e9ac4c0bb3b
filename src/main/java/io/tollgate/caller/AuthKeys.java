package io.tollgate.caller;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tollgate.account.AccountChanged;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.http.LogSafe;
import io.tollgate.store.Database;
import io.tollgate.store.Digests;
import io.vertx.core.Vertx;

/**
 * AuthKeys: created for a user (shown once, stored as the SHA-256 of the secret), listed,
 * revoked, and checked on each request. The check needs no database round trip once a key is
 * known: a bounded cache keeps what it needs for {@link #CACHE_FOR}, dropped for a key when any
 * replica revokes it ({@link KeyRevocations}) and bypassed whenever that news cannot be heard.
 * Last use is written at most once a minute per key, off the request path. A failed key counts
 * against its client's network; a disabled, locked or service-less owner's key is refused.
 */
@ApplicationScoped
public class AuthKeys implements PanacheRepositoryBase<AuthKey, String> {

    private static final Logger LOG = Logger.getLogger(AuthKeys.class);

    static final Duration CACHE_FOR = Duration.ofSeconds(30);
    static final int CACHE_SIZE = 10_000;
    static final Duration USAGE_EVERY = Duration.ofMinutes(1);

    /** What a check needs of a key and its owner, as read from the database. */
    record Known(String secretHash, String username, List<String> groups, String name, String email,
            boolean disabled, Set<String> routes, Instant expiresAt, boolean revoked, long loadedAt) {
    }

    /** A key just made: its row, and the key itself, shown once. */
    public record Created(AuthKey key, String text) {
    }

    private final UserRepository users;
    private final SecondFactorGuard guard;
    private final KeyRevocations revocations;
    private final Vertx vertx;
    private final Map<String, Known> cache = new ConcurrentHashMap<>();
    /** Keys used since the last write of last-use times, with when. */
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();
    /** Counts revocations heard and subscription losses: a read that one of them overtook is not cached. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public AuthKeys(UserRepository users, SecondFactorGuard guard, KeyRevocations revocations, Vertx vertx) {
        this.users = users;
        this.guard = guard;
        this.revocations = revocations;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        revocations.listen(id -> {
            generation.incrementAndGet();
            cache.remove(id);
        }, () -> {
            generation.incrementAndGet();
            cache.clear();
        });
        vertx.setPeriodic(USAGE_EVERY.toMillis(), id -> writeUsage());
    }

    /**
     * An account changed (disabled, its groups, renamed): its keys are read again at their next
     * use, so a disabled owner's keys stop within the account-change poll, not the cache's time.
     */
    void accountChanged(@Observes AccountChanged change) {
        generation.incrementAndGet();
        cache.values().removeIf(known -> known.username().equalsIgnoreCase(change.username()));
    }

    /**
     * The key of an {@code Authorization: AuthKey} header, or of an {@code X-Auth-Key} that looks
     * like one of ours ({@code tgk_}: another value there is the application's own); null when neither.
     */
    public static String keyOf(String authorization, String xAuthKey) {
        if (isAuthKeyAuthorization(authorization)) {
            return authorization.substring(8).trim();
        }
        return isOurKey(xAuthKey) ? xAuthKey.trim() : null;
    }

    public static boolean isAuthKeyAuthorization(String authorization) {
        return authorization != null && authorization.length() > 8
                && authorization.regionMatches(true, 0, "AuthKey ", 0, 8);
    }

    public static boolean isOurKey(String xAuthKey) {
        return xAuthKey != null && xAuthKey.trim().startsWith(AuthKeyFormat.PREFIX);
    }

    /**
     * Checks a key for a request to {@code routeName} from {@code clientAddress}.
     */
    public Uni<CallerCheck> verify(String text, String routeName, String clientAddress) {
        AuthKeyFormat.Parsed parsed = AuthKeyFormat.parse(text);
        if (parsed == null) {
            return failed(clientAddress, "not a key");
        }
        return known(parsed.id()).flatMap(known -> {
            if (known == null || !Digests.constantTimeEquals(Digests.sha256Hex(parsed.secret()), known.secretHash())) {
                return failed(clientAddress, "unknown key");
            }
            if (known.revoked()) {
                return failed(clientAddress, "revoked");
            }
            if (known.expiresAt() != null && !Instant.now().isBefore(known.expiresAt())) {
                return failed(clientAddress, "expired");
            }
            if (known.disabled()) {
                return invalid("owner disabled");
            }
            if (known.routes() != null && !known.routes().contains(routeName)) {
                return Uni.createFrom().item(new CallerCheck.NotHere("key not for route " + routeName));
            }
            return guard.userLocked(io.tollgate.account.UsernameKey.of(known.username())).map(locked -> {
                if (locked) {
                    return (CallerCheck) new CallerCheck.Invalid("owner locked");
                }
                used.put(parsed.id(), Instant.now());
                return new CallerCheck.Valid(new Caller(known.username(), known.groups(), known.name(),
                        known.email(), "authkey"));
            });
        });
    }

    /** The key as cached, or read (and cached while revocations are heard). */
    private Uni<Known> known(String id) {
        Known cached = cache.get(id);
        long now = System.nanoTime();
        if (cached != null && revocations.listening() && now - cached.loadedAt() < CACHE_FOR.toNanos()) {
            return Uni.createFrom().item(cached);
        }
        // Whether revocations are heard, and how many were, before the read: one heard during it is not missed.
        boolean heard = revocations.listening();
        long before = generation.get();
        return onOwnContext(() -> Database.session(() -> findById(id).flatMap(key -> key == null ? Uni.createFrom().nullItem()
                : users.findByIdWithGroups(key.userId).map(owner -> owner == null ? null : knownOf(key, owner, now)))))
                .invoke(known -> {
                    if (known != null && heard && revocations.listening() && generation.get() == before) {
                        if (cache.size() >= CACHE_SIZE) {
                            cache.clear();
                        }
                        cache.put(id, known);
                    }
                });
    }

    private static Known knownOf(AuthKey key, User owner, long now) {
        Set<String> routes = key.routes == null ? null
                : Arrays.stream(key.routes.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        return new Known(key.secretHash, owner.username, owner.groups.stream().map(g -> g.name).sorted().toList(),
                owner.displayName, owner.email, owner.disabled, routes,
                key.expiresAt == null ? null : key.expiresAt.toInstant(), key.revokedAt != null, now);
    }

    private Uni<CallerCheck> failed(String clientAddress, String reason) {
        return guard.rejectCredential(clientAddress).onFailure().recoverWithNull()
                .replaceWith(new CallerCheck.Invalid(reason));
    }

    private static Uni<CallerCheck> invalid(String reason) {
        return Uni.createFrom().item(new CallerCheck.Invalid(reason));
    }

    /**
     * A new key for the user. {@code routes} null or empty: every route; {@code expiresAt}
     * null: it does not expire.
     */
    public Uni<Created> create(Long userId, String name, List<String> routes, OffsetDateTime expiresAt) {
        String text = AuthKeyFormat.generate();
        AuthKeyFormat.Parsed parsed = AuthKeyFormat.parse(text);
        AuthKey key = new AuthKey();
        key.id = parsed.id();
        key.userId = userId;
        key.name = name;
        key.secretHash = Digests.sha256Hex(parsed.secret());
        key.routes = routes == null || routes.isEmpty() ? null : String.join(",", routes);
        key.expiresAt = expiresAt;
        return Database.transaction(() -> persist(key)).replaceWith(new Created(key, text));
    }

    /** The user's keys not revoked, newest first. */
    public Uni<List<AuthKey>> liveOf(Long userId) {
        return Database.session(() -> list("userId = ?1 and revokedAt is null", Sort.descending("createdAt"), userId));
    }

    /**
     * Revokes one of the user's keys and tells every replica; false when the user has no such
     * live key. The database says "revoked" first, so a replica that reads it after the news is
     * told the truth either way.
     */
    public Uni<Boolean> revoke(Long userId, String keyId) {
        return Database.transaction(() -> update("revokedAt = ?1 where id = ?2 and userId = ?3 and revokedAt is null",
                OffsetDateTime.now(), keyId, userId))
                .flatMap(n -> {
                    cache.remove(keyId);
                    return n > 0 ? revocations.announce(keyId).onFailure().invoke(failure -> LOG.warnf(
                            "AuthKey %s revoked, but other replicas were not told (%s): they stop within %s",
                            keyId, LogSafe.of(failure.getMessage()), CACHE_FOR)).onFailure().recoverWithNull()
                            .replaceWith(true) : Uni.createFrom().item(false);
                });
    }

    /**
     * Writes the last-use times gathered since the last time, at most one write per key and
     * minute, without waiting for it. Runs every minute on its own; public for tests.
     */
    public void writeUsage() {
        if (used.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (Map.Entry<String, Instant> use : used.entrySet()) {
            Instant written = lastWritten.get(use.getKey());
            if (written == null || Duration.between(written, now).compareTo(USAGE_EVERY) >= 0) {
                batch.put(use.getKey(), use.getValue());
            }
        }
        batch.keySet().forEach(used::remove);
        lastWritten.values().removeIf(written -> Duration.between(written, now).compareTo(USAGE_EVERY.multipliedBy(2)) > 0);
        if (batch.isEmpty()) {
            return;
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, Instant> use : batch.entrySet()) {
            chain = chain.flatMap(v -> update("lastUsedAt = ?1 where id = ?2",
                    OffsetDateTime.ofInstant(use.getValue(), java.time.ZoneOffset.UTC), use.getKey()).replaceWithVoid());
            lastWritten.put(use.getKey(), now);
        }
        Uni<Void> writes = chain;
        onOwnContext(() -> Database.transaction(() -> writes)).subscribe().with(done -> {
        }, failure -> LOG.debugf("Last use of AuthKeys not written: %s", LogSafe.of(failure.getMessage())));
    }

    /** Hibernate Reactive needs a safe duplicated context of its own, which timers and routes do not give. */
    private <T> Uni<T> onOwnContext(java.util.function.Supplier<Uni<T>> work) {
        return Database.onOwnContext(vertx, work);
    }
}
