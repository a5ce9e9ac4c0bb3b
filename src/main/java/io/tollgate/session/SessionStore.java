package io.tollgate.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.tollgate.store.Digests;
import io.tollgate.store.Invalidations;
import io.tollgate.store.LuaScript;
import io.tollgate.store.RedisCalls;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Sessions in Redis, shared by every replica. Each lives until the idle timeout after its last
 * use or its absolute lifetime, whichever comes first (the Redis TTL is the smaller of the
 * two); the id changes whenever the level changes, so an id seen before sign-in is worthless
 * after it. Signed-in sessions are also listed per user, for the account page. Anonymous
 * sessions are not stored at all ({@link AnonymousSessions}): a visitor who has not signed in
 * costs Redis nothing but, after a sign-in, a "just replaced" marker for a few seconds.
 */
public final class SessionStore implements SessionChanges {

    private static final int ID_BYTES = 32;
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    /** Redis keys: a session by the SHA-256 of its id; the set of a user's sessions by username. */
    private static final String PREFIX = "tollgate:session:";
    private static final String SESSIONS_OF = "tollgate:sessions-of:";
    /** The sessions of administrators acting as a user, by that user: they end when the user changes. */
    private static final String ACTING_AS = "tollgate:acting-as:";
    /** Last-seen times are kept to the minute: at most one write a minute per busy session. */
    private static final Duration SEEN_PRECISION = Duration.ofMinutes(1);

    /** What a cookie value leads to. */
    public sealed interface Lookup {
        record Live(Session session) implements Lookup {
        }

        /**
         * The id was replaced a moment ago by a sign-in step: a form sent twice (double click,
         * reload) carries it. The old token still proves the form came from this site, but the
         * old id grants nothing.
         */
        record Superseded(String csrfToken) implements Lookup {
            public boolean csrfMatches(String token) {
                return Session.Tokens.equal(csrfToken, token);
            }
        }

        record Missing() implements Lookup {
        }
    }

    /**
     * One of a user's sessions as the account page lists it. The handle names it without
     * being its id (it is the SHA-256 Redis keeps), so showing it opens nothing.
     */
    public record Summary(String handle, AuthLevel level, Instant createdAt, Instant lastSeenAt, String address,
            String userAgent) {
    }

    /** What a replaced id holds for {@link #RESUBMIT_GRACE}: {@code {"supersededCsrf":"…"}}. */
    private static final String MARKER_START = "{\"supersededCsrf\":";

    private static final LuaScript REPLACE_IF_UNCHANGED = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            end
            return false
            """);

    /**
     * GET, and restart the idle timer of a live session in the same step: a marker written in
     * between by a level change keeps its short life. ARGV: marker start, idle ms, now ms.
     */
    private static final LuaScript READ_AND_TOUCH = new LuaScript("""
            local v = redis.call('GET', KEYS[1])
            if not v or string.sub(v, 1, #ARGV[1]) == ARGV[1] then return v end
            local ttl = tonumber(ARGV[2])
            local ok, s = pcall(cjson.decode, v)
            if ok and type(s) == 'table' and tonumber(s.expires) then
              ttl = math.min(ttl, tonumber(s.expires) - tonumber(ARGV[3]))
            end
            redis.call('PEXPIRE', KEYS[1], math.max(1, ttl))
            return v
            """);

    /** SET only over a live session: never over a marker, never after the end. ARGV: marker start, value, ttl ms. */
    private static final LuaScript UPDATE_LIVE = new LuaScript("""
            local v = redis.call('GET', KEYS[1])
            if not v or string.sub(v, 1, #ARGV[1]) == ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """);

    /** How long a replaced id is still recognised as "just replaced". */
    static final Duration RESUBMIT_GRACE = Duration.ofSeconds(10);

    private final RedisCalls redis;
    private final AnonymousSessions anonymous;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SessionStore.class);

    private final String cookieName;
    private final boolean secureOnly;
    private final java.util.concurrent.atomic.AtomicLong lastHttpWarning = new java.util.concurrent.atomic.AtomicLong();
    private final Duration idle;
    private final Duration absolute;

    public SessionStore(RedisCalls redis, SessionConfig config, AnonymousSessions anonymous) {
        this.redis = redis;
        this.anonymous = anonymous;
        this.cookieName = SessionCookies.nameFor(config, SessionCookies.NAME);
        this.secureOnly = config.secure();
        this.idle = config.idleTimeout();
        this.absolute = config.absoluteLifetime();
    }

    /**
     * Whether a session cookie may count on a request made with this scheme: a Secure cookie
     * ({@code tollgate.session.secure}) never on plain http, where a browser does not send it —
     * one that arrives there was copied, or the request's scheme is forged or downgraded.
     */
    public boolean honouredOver(String scheme) {
        return !secureOnly || !"http".equals(scheme);
    }

    /**
     * Says, at most once a minute, that a session cookie came over plain http and was not
     * honoured; answers null (no session). The usual cause is a TLS-terminating proxy that is
     * not in {@code tollgate.trusted-proxies}, whose users could never stay signed in.
     */
    public String ignoredOverHttp(String id) {
        long now = System.nanoTime();
        long last = lastHttpWarning.get();
        if ((last == 0 || now - last > 60_000_000_000L) && lastHttpWarning.compareAndSet(last, now)) {
            LOG.warnf("A session cookie arrived over plain http and was ignored (tollgate.session.secure=true): "
                    + "behind a proxy that terminates TLS, list it in tollgate.trusted-proxies so that its "
                    + "X-Forwarded-Proto is believed");
        }
        return null;
    }

    /** The cookie that carries this store's ids, under the name in use ({@link SessionCookies}). */
    public String cookieName() {
        return cookieName;
    }

    /**
     * A new anonymous session (level NONE), for the sign-in forms and their CSRF token. Nothing
     * is stored: its id is a signed cookie value, good for the absolute lifetime.
     */
    public Session anonymous(Session.Client client) {
        return anonymous.issue(client, Instant.now());
    }

    /** The live session for a cookie value, its idle timer restarted; empty when unknown or expired. */
    public Uni<Optional<Session>> find(String id) {
        return find(id, Session.Client.UNKNOWN);
    }

    /** @param client who sends the cookie, for an anonymous session (a stored one keeps its own) */
    public Uni<Optional<Session>> find(String id, Session.Client client) {
        if (AnonymousSessions.looksAnonymous(id)) {
            return Uni.createFrom().item(anonymous.read(id, client, Instant.now()));
        }
        return lookup(id, client).map(found -> found instanceof Lookup.Live live ? Optional.of(live.session())
                : Optional.<Session>empty());
    }

    /** Like {@link #find}, also telling apart an id replaced a moment ago. */
    public Uni<Lookup> lookup(String id, Session.Client client) {
        if (AnonymousSessions.looksAnonymous(id)) {
            Optional<Session> session = anonymous.read(id, client, Instant.now());
            if (session.isEmpty()) {
                return Uni.createFrom().item(new Lookup.Missing());
            }
            // Only a sign-in writes under an anonymous id: the "just replaced" marker.
            return send(Request.cmd(Command.GET).arg(key(id))).map(marker -> marker == null
                    ? new Lookup.Live(session.get())
                    : new Lookup.Superseded(new JsonObject(marker.toString()).getString("supersededCsrf")));
        }
        return lookupStored(id);
    }

    public Uni<Lookup> lookup(String id) {
        return lookup(id, Session.Client.UNKNOWN);
    }

    /** A stored session: one script reads it and restarts its idle timer. */
    private Uni<Lookup> lookupStored(String id) {
        if (id == null || id.length() != 43) {
            return Uni.createFrom().item(new Lookup.Missing());
        }
        return eval(READ_AND_TOUCH, key(id), MARKER_START, String.valueOf(idle.toMillis()),
                String.valueOf(now().toEpochMilli())).flatMap(response -> {
            if (response == null) {
                return Uni.createFrom().item(new Lookup.Missing());
            }
            JsonObject json = new JsonObject(response.toString());
            if (json.containsKey("supersededCsrf")) {
                return Uni.createFrom().item(new Lookup.Superseded(json.getString("supersededCsrf")));
            }
            Session session = SessionCodec.decode(id, json);
            Instant now = now();
            if (!now.isBefore(session.expiresAt())) {
                return delete(session).replaceWith(new Lookup.Missing());
            }
            if (session.lastSeenAt().plus(SEEN_PRECISION).isBefore(now)) {
                // Written only if the record is still the one read: a logout or a new id in between wins.
                Session seen = session.withLastSeenAt(now);
                return eval(REPLACE_IF_UNCHANGED, key(id), response.toString(), SessionCodec.encode(seen),
                        String.valueOf(ttlMillis(seen, now))).replaceWith(new Lookup.Live(seen));
            }
            return Uni.createFrom().item(new Lookup.Live(session));
        });
    }

    @Override
    public Uni<Session> changeLevel(Session current, String username, AuthLevel level, Session.Identity identity,
            Session.Pending pending, boolean byCode) {
        Instant now = now();
        Instant expires = current.level() == AuthLevel.NONE && level != AuthLevel.NONE ? now.plus(absolute)
                : current.expiresAt();
        Instant twoFactorAt = level == AuthLevel.TWO_FACTOR && byCode ? now : current.lastTwoFactorAt();
        Session next = new Session(newId(), username, level, newId(), current.createdAt(), expires, twoFactorAt,
                identity, pending, current.client(), now);
        String marker = new JsonObject().put("supersededCsrf", current.csrfToken()).encode();
        // Announced once the old id holds its marker: a replica reading it after the news finds it replaced.
        return save(next, now)
                .flatMap(v -> send(Request.cmd(Command.SET).arg(key(current.id())).arg(marker).arg("PX")
                        .arg(RESUBMIT_GRACE.toMillis())))
                .call(v -> announce(current.id()))
                .flatMap(v -> current.username() == null ? Uni.createFrom().voidItem()
                        : send(Request.cmd(Command.SREM).arg(indexKey(current.username())).arg(handle(current.id())))
                                .replaceWithVoid())
                .replaceWith(next);
    }

    /**
     * Same id, same level: records a change of the pending step or of the last code. Never
     * revives an ended session, nor an id a level change has just replaced.
     */
    @Override
    public Uni<Session> update(Session session) {
        Instant now = now();
        Uni<Response> updated = eval(UPDATE_LIVE, key(session.id()), MARKER_START, SessionCodec.encode(session),
                String.valueOf(ttlMillis(session, now)));
        if (session.delegation() != null) {
            String index = ACTING_AS + session.delegation().username().toLowerCase(Locale.ROOT);
            updated = updated.call(v -> send(Request.cmd(Command.SADD).arg(index).arg(handle(session.id()))))
                    .call(v -> send(Request.cmd(Command.PEXPIRE).arg(index).arg(absolute.toMillis())));
        }
        return updated.call(v -> announce(session.id())).replaceWith(session);
    }

    @Override
    public Uni<Void> delete(Session session) {
        if (AnonymousSessions.looksAnonymous(session.id())) {
            return Uni.createFrom().voidItem(); // nothing stored
        }
        Uni<Response> deleted = send(Request.cmd(Command.DEL).arg(key(session.id()))).call(v -> announce(session.id()));
        return session.username() == null ? deleted.replaceWithVoid()
                : deleted.flatMap(v -> send(Request.cmd(Command.SREM).arg(indexKey(session.username()))
                        .arg(handle(session.id())))).replaceWithVoid();
    }

    /** The user's live signed-in sessions, newest first; sessions that ended are dropped from the list. */
    public Uni<List<Summary>> sessionsOf(String username) {
        return listed(username).flatMap(listed -> {
            List<Summary> live = new ArrayList<>();
            List<String> gone = new ArrayList<>();
            listed.forEach((handle, session) -> {
                if (session == null) {
                    gone.add(handle);
                } else {
                    live.add(new Summary(handle, session.level(), session.createdAt(), session.lastSeenAt(),
                            session.client().address(), session.client().userAgent()));
                }
            });
            live.sort((x, y) -> y.createdAt().compareTo(x.createdAt()));
            return forget(username, gone).replaceWith(live);
        });
    }

    /**
     * The sessions listed for the user as Redis holds them now, by handle; null for one that
     * ended, was replaced or belongs to someone else (the list only drops them lazily).
     */
    private Uni<Map<String, Session>> listed(String username) {
        return send(Request.cmd(Command.SMEMBERS).arg(indexKey(username))).flatMap(members -> {
            List<String> handles = new ArrayList<>();
            if (members != null) {
                members.forEach(m -> handles.add(m.toString()));
            }
            if (handles.isEmpty()) {
                return Uni.createFrom().item(Map.<String, Session>of());
            }
            return values(handles).map(values -> {
                Map<String, Session> listed = new LinkedHashMap<>();
                for (int i = 0; i < handles.size(); i++) {
                    Response value = values.get(i);
                    JsonObject json = value == null ? null : new JsonObject(value.toString());
                    boolean live = json != null && !json.containsKey("supersededCsrf")
                            && username.equalsIgnoreCase(json.getString("user"));
                    listed.put(handles.get(i), live ? SessionCodec.decode("", json) : null);
                }
                return listed;
            });
        });
    }

    /** Drops handles from the user's list. */
    private Uni<Void> forget(String username, List<String> handles) {
        if (handles.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Request srem = Request.cmd(Command.SREM).arg(indexKey(username));
        handles.forEach(srem::arg);
        return send(srem).replaceWithVoid();
    }

    /** Ends one of the user's sessions by its handle; false when it is not one of theirs. */
    public Uni<Boolean> end(String username, String handle) {
        return send(Request.cmd(Command.SREM).arg(indexKey(username)).arg(handle)).flatMap(removed ->
                removed.toInteger() == 1 ? send(Request.cmd(Command.DEL).arg(PREFIX + handle))
                        .call(v -> announceHandle(handle)).replaceWith(true)
                        : Uni.createFrom().item(false));
    }

    /**
     * Which of these sessions are still live (not ended, expired or replaced): one MGET, for
     * replicas that must let go of what they hold for sessions ended elsewhere.
     */
    public Uni<Set<String>> liveHandles(Collection<String> handles) {
        if (handles.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<String> ordered = List.copyOf(handles);
        return values(ordered).map(values -> {
            Set<String> live = new HashSet<>();
            for (int i = 0; i < ordered.size(); i++) {
                Response value = values.get(i);
                if (value != null && !value.toString().startsWith(MARKER_START)) {
                    live.add(ordered.get(i));
                }
            }
            return live;
        });
    }

    /**
     * Ends the sessions of administrators acting as this user whose delegation {@code outdated}
     * picks (what they act with is no longer the account); answers their handles. Sessions that
     * stopped acting as them stay.
     */
    public Uni<Set<String>> endActingAs(String username, Predicate<Session.Delegation> outdated) {
        String index = ACTING_AS + username.toLowerCase(Locale.ROOT);
        return send(Request.cmd(Command.SMEMBERS).arg(index)).flatMap(members -> {
            List<String> handles = new ArrayList<>();
            if (members != null) {
                members.forEach(m -> handles.add(m.toString()));
            }
            if (handles.isEmpty()) {
                return Uni.createFrom().item(Set.<String>of());
            }
            return values(handles).flatMap(values -> {
                Set<String> acting = new HashSet<>();
                for (int i = 0; i < handles.size(); i++) {
                    Response value = values.get(i);
                    if (value == null || value.toString().startsWith(MARKER_START)) {
                        continue;
                    }
                    Session session = SessionCodec.decode("", new JsonObject(value.toString()));
                    if (session.delegation() != null && session.delegation().username().equalsIgnoreCase(username)
                            && outdated.test(session.delegation())) {
                        acting.add(handles.get(i));
                    }
                }
                Uni<Void> ended = Uni.createFrom().voidItem();
                for (String handle : acting) {
                    ended = ended.call(v -> send(Request.cmd(Command.DEL).arg(PREFIX + handle)))
                            .call(v -> announceHandle(handle));
                }
                Request forget = Request.cmd(Command.SREM).arg(index);
                acting.forEach(forget::arg);
                return (acting.isEmpty() ? ended : ended.call(v -> send(forget))).replaceWith(Set.copyOf(acting));
            });
        });
    }

    /** Ends every signed-in session of the user, on every replica at once; answers their handles. */
    public Uni<Set<String>> endAllOf(String username) {
        return endAllOf(username, session -> true);
    }

    /**
     * Ends the user's signed-in sessions that {@code which} picks (by what they hold, such as
     * the identity copied at sign-in); answers the handles of those ended. Handles of sessions
     * already gone are dropped from the user's list.
     */
    public Uni<Set<String>> endAllOf(String username, Predicate<Session> which) {
        return endListed(username, (handle, session) -> which.test(session));
    }

    /** Ends every signed-in session of the user but the one with this handle; answers the handles ended. */
    public Uni<Set<String>> endAllOfBut(String username, String keptHandle) {
        return endListed(username, (handle, session) -> !handle.equals(keptHandle));
    }

    private Uni<Set<String>> endListed(String username, java.util.function.BiPredicate<String, Session> which) {
        return listed(username).flatMap(listed -> {
            Set<String> ended = new HashSet<>();
            List<String> forgotten = new ArrayList<>();
            listed.forEach((handle, session) -> {
                if (session == null || which.test(handle, session)) {
                    forgotten.add(handle);
                    if (session != null) {
                        ended.add(handle);
                    }
                }
            });
            Request delete = Request.cmd(Command.DEL);
            ended.forEach(h -> delete.arg(PREFIX + h));
            Uni<Response> deleted = ended.isEmpty() ? Uni.createFrom().nullItem() : send(delete);
            Uni<Void> announced = deleted.replaceWithVoid();
            for (String handle : ended) {
                announced = announced.call(v -> announceHandle(handle));
            }
            return announced.flatMap(v -> forget(username, forgotten)).replaceWith(Set.copyOf(ended));
        });
    }

    /**
     * Tells every replica's {@link NearSessions} to let go of this session. A failure to
     * announce is no failure of the change: the replicas' views last seconds at most.
     */
    private Uni<Void> announce(String id) {
        return announceHandle(handle(id));
    }

    private Uni<Void> announceHandle(String handle) {
        return Invalidations.publish(redis, NearSessions.CHANNEL, handle).onFailure().recoverWithNull();
    }

    /** The records of these sessions, by handle, in their order: null for one that ended. */
    private Uni<List<Response>> values(List<String> handles) {
        return redis.getAll(handles.stream().map(h -> PREFIX + h).toList());
    }

    private Uni<Void> save(Session session, Instant now) {
        Uni<Response> saved = send(Request.cmd(Command.SET).arg(key(session.id())).arg(SessionCodec.encode(session))
                .arg("PX").arg(ttlMillis(session, now)));
        if (session.username() == null) {
            return saved.replaceWithVoid();
        }
        String index = indexKey(session.username());
        return saved.flatMap(v -> send(Request.cmd(Command.SADD).arg(index).arg(handle(session.id()))))
                .flatMap(v -> send(Request.cmd(Command.PEXPIRE).arg(index).arg(absolute.toMillis())))
                .replaceWithVoid();
    }

    private long ttlMillis(Session session, Instant now) {
        long untilExpiry = Duration.between(now, session.expiresAt()).toMillis();
        return Math.max(1, Math.min(idle.toMillis(), untilExpiry));
    }

    private Uni<Response> eval(LuaScript script, String key, String... args) {
        return redis.eval(script, List.of(key), (Object[]) args);
    }

    private Uni<Response> send(Request request) {
        return redis.send(request);
    }

    /** Millisecond precision, as stored. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** 256 random bits, base64url: 43 characters. */
    static String newId() {
        byte[] bytes = new byte[ID_BYTES];
        new SecureRandom().nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    /** Redis holds the id's SHA-256 only. */
    static String key(String id) {
        return PREFIX + handle(id);
    }

    /** The SHA-256 of an id, in hex: names a session without being able to open it. */
    public static String handle(String id) {
        return Digests.sha256Hex(id);
    }

    private static String indexKey(String username) {
        return SESSIONS_OF + username.toLowerCase(Locale.ROOT);
    }
}
