package io.tollgate.session;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tollgate.store.Invalidations;
import io.tollgate.store.RedisCalls;
import io.vertx.core.Vertx;

/**
 * The gateway's per-replica view of sessions: a session read from Redis is kept, parsed, for
 * up to {@code tollgate.session.near-cache-ttl}, so that most requests of a busy session need
 * no round trip (each read also restarts the session's idle timer, so the timer is restarted
 * at most once per that interval instead of on every request). Every change that can take
 * access away — logout, another session signed out, a level change, an update of its steps,
 * an account change — is announced by {@link SessionStore} on {@value #CHANNEL} and drops the
 * session here at once; while that channel is not heard, nothing is kept. A read that news
 * overtook is not kept either.
 */
@ApplicationScoped
public class NearSessions {

    static final String CHANNEL = "tollgate:sessions:changed";

    private record Entry(Session session, String handle, long loadedAt) {
    }

    private final SessionStore store;
    private final RedisCalls redis;
    private final Vertx vertx;
    private final long ttlNanos;
    private final int maxEntries;
    /** By the cookie's value, so that a hit costs no hashing; the handle is kept to match news. */
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByHandle = new ConcurrentHashMap<>();
    /** Counts news and losses: a read started before one of them is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Invalidations channel;

    public NearSessions(SessionStore store, RedisCalls redis, Vertx vertx, SessionConfig config) {
        this.store = store;
        this.redis = redis;
        this.vertx = vertx;
        if (config.nearCacheTtl().isNegative() || config.nearCacheTtl().compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.session.near-cache-ttl: "
                    + "must be between 0 (off) and 1m, got " + config.nearCacheTtl());
        }
        if (config.nearCacheSize() < 1) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.session.near-cache-size: "
                    + "must be at least 1, got " + config.nearCacheSize());
        }
        this.ttlNanos = config.nearCacheTtl().toNanos();
        this.maxEntries = config.nearCacheSize();
    }

    void start(@Observes StartupEvent event) {
        if (ttlNanos > 0) {
            channel = Invalidations.listen(CHANNEL, redis, vertx, this::forget, this::forgetAll);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Invalidations open = channel;
        if (open != null) {
            open.stop();
        }
    }

    /** The live session for a cookie value, from this replica's view when it may be trusted. */
    public Uni<Optional<Session>> find(String id) {
        Invalidations open = channel;
        if (id == null || open == null || AnonymousSessions.looksAnonymous(id)) {
            return store.find(id);
        }
        long now = System.nanoTime();
        Entry entry = byId.get(id);
        if (isFresh(entry, now, open)) {
            return Uni.createFrom().item(Optional.of(entry.session()));
        }
        long before = generation.get();
        boolean heard = open.listening();
        return store.find(id).invoke(found -> {
            if (found.isEmpty()) {
                Entry gone = byId.remove(id);
                if (gone != null) {
                    idByHandle.remove(gone.handle());
                }
            } else if (heard && open.listening() && generation.get() == before) {
                if (byId.size() >= maxEntries) {
                    forgetAll();
                }
                String handle = entry != null ? entry.handle() : SessionStore.handle(id);
                byId.put(id, new Entry(found.get(), handle, now));
                idByHandle.put(handle, id);
            }
        });
    }

    /**
     * The session as this replica holds it, when it may be used without asking the store
     * (the same test {@link #find} makes); null when the store must be asked.
     */
    public Session heldOrNull(String id) {
        Invalidations open = channel;
        if (id == null || open == null) {
            return null;
        }
        Entry entry = byId.get(id);
        return isFresh(entry, System.nanoTime(), open) ? entry.session() : null;
    }

    /** Loaded a moment ago, heard of since by the invalidation channel, and not expired. */
    private boolean isFresh(Entry entry, long nowNanos, Invalidations open) {
        return entry != null && nowNanos - entry.loadedAt() < ttlNanos && open.listening()
                && System.currentTimeMillis() < entry.session().expiresAt().toEpochMilli();
    }

    /** How many sessions this replica holds now (for tests and metrics). */
    public int size() {
        return byId.size();
    }

    private void forget(String handle) {
        generation.incrementAndGet();
        String id = idByHandle.remove(handle);
        if (id != null) {
            byId.remove(id);
        }
    }

    private void forgetAll() {
        generation.incrementAndGet();
        byId.clear();
        idByHandle.clear();
    }
}
