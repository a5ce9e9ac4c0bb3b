package io.tollgate.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Sessions in Redis, shared by every replica. Each lives until the idle timeout after its last
 * use or its absolute lifetime, whichever comes first (the Redis TTL is the smaller of the
 * two); the id changes whenever the level changes, so an id seen before sign-in is worthless
 * after it.
 */
public final class SessionStore {

    private static final int ID_BYTES = 32;
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final Redis redis;
    private final Duration idle;
    private final Duration absolute;
    private final Duration redisTimeout;

    public SessionStore(Redis redis, SessionConfig config, Duration redisTimeout) {
        this.redis = redis;
        this.idle = config.idleTimeout();
        this.absolute = config.absoluteLifetime();
        this.redisTimeout = redisTimeout;
    }

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

    /** How long a replaced id is still recognised as "just replaced". */
    static final Duration RESUBMIT_GRACE = Duration.ofSeconds(10);

    /** A new anonymous session (level NONE), for the sign-in forms and their CSRF token. */
    public Uni<Session> create() {
        Instant now = now();
        Session session = new Session(newId(), null, AuthLevel.NONE, newId(), now, now.plus(absolute), null,
                Session.Identity.NOBODY, Session.Pending.NONE);
        return save(session, now).replaceWith(session);
    }

    /** The live session for a cookie value, its idle timer restarted; empty when unknown or expired. */
    public Uni<Optional<Session>> find(String id) {
        return lookup(id).map(found -> found instanceof Lookup.Live live ? Optional.of(live.session())
                : Optional.<Session>empty());
    }

    /** Like {@link #find}, also telling apart an id replaced a moment ago. */
    public Uni<Lookup> lookup(String id) {
        if (id == null || id.length() != 43) {
            return Uni.createFrom().item(new Lookup.Missing());
        }
        return send(Request.cmd(Command.GET).arg(key(id))).flatMap(response -> {
            if (response == null) {
                return Uni.createFrom().item(new Lookup.Missing());
            }
            JsonObject json = new JsonObject(response.toString());
            if (json.containsKey("supersededCsrf")) {
                return Uni.createFrom().item(new Lookup.Superseded(json.getString("supersededCsrf")));
            }
            Session session = decode(id, json);
            Instant now = now();
            if (!now.isBefore(session.expiresAt())) {
                return delete(id).replaceWith(new Lookup.Missing());
            }
            return send(Request.cmd(Command.PEXPIRE).arg(key(id)).arg(ttlMillis(session, now)))
                    .replaceWith(new Lookup.Live(session));
        });
    }

    /**
     * Moves the session to a new level (and user) under a new id and CSRF token; the old id
     * stops working at once. Signing in restarts the absolute lifetime; reaching two factors
     * records when.
     */
    public Uni<Session> changeLevel(Session current, String username, AuthLevel level, Session.Identity identity,
            Session.Pending pending) {
        Instant now = now();
        Instant expires = current.level() == AuthLevel.NONE && level != AuthLevel.NONE ? now.plus(absolute)
                : current.expiresAt();
        Session next = new Session(newId(), username, level, newId(), current.createdAt(), expires,
                level == AuthLevel.TWO_FACTOR ? now : current.lastTwoFactorAt(), identity, pending);
        String marker = new JsonObject().put("supersededCsrf", current.csrfToken()).encode();
        return save(next, now)
                .flatMap(v -> send(Request.cmd(Command.SET).arg(key(current.id())).arg(marker).arg("PX")
                        .arg(RESUBMIT_GRACE.toMillis())))
                .replaceWith(next);
    }

    /** Same id, same level: records a change of the pending step. */
    public Uni<Session> update(Session session) {
        return save(session, now()).replaceWith(session);
    }

    public Uni<Void> delete(String id) {
        return send(Request.cmd(Command.DEL).arg(key(id))).replaceWithVoid();
    }

    private Uni<Void> save(Session session, Instant now) {
        Session.Identity identity = session.identity();
        JsonObject json = new JsonObject()
                .put("user", session.username())
                .put("level", session.level().name())
                .put("csrf", session.csrfToken())
                .put("created", session.createdAt().toEpochMilli())
                .put("expires", session.expiresAt().toEpochMilli())
                .put("twoFactorAt", session.lastTwoFactorAt() == null ? null : session.lastTwoFactorAt().toEpochMilli())
                .put("name", identity.displayName())
                .put("email", identity.email())
                .put("groups", new JsonArray(identity.groups()))
                .put("admin", identity.admin())
                .put("pending", session.pending().name());
        return send(Request.cmd(Command.SET).arg(key(session.id())).arg(json.encode()).arg("PX")
                .arg(ttlMillis(session, now))).replaceWithVoid();
    }

    private long ttlMillis(Session session, Instant now) {
        long untilExpiry = Duration.between(now, session.expiresAt()).toMillis();
        return Math.max(1, Math.min(idle.toMillis(), untilExpiry));
    }

    private static Session decode(String id, JsonObject json) {
        Long twoFactorAt = json.getLong("twoFactorAt");
        List<String> groups = new ArrayList<>();
        json.getJsonArray("groups", new JsonArray()).forEach(g -> groups.add(String.valueOf(g)));
        Session.Identity identity = new Session.Identity(json.getString("name"), json.getString("email"), groups,
                json.getBoolean("admin", false));
        return new Session(id, json.getString("user"), AuthLevel.valueOf(json.getString("level")), json.getString("csrf"),
                Instant.ofEpochMilli(json.getLong("created")), Instant.ofEpochMilli(json.getLong("expires")),
                twoFactorAt == null ? null : Instant.ofEpochMilli(twoFactorAt), identity,
                Session.Pending.valueOf(json.getString("pending", "NONE")));
    }

    private Uni<io.vertx.mutiny.redis.client.Response> send(Request request) {
        return redis.send(request).ifNoItem().after(redisTimeout).failWith(() -> new SessionStoreUnavailableException(
                "Redis did not answer within " + redisTimeout));
    }

    /** Millisecond precision, as stored. */
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** 256 random bits, base64url: 43 characters. */
    static String newId() {
        byte[] bytes = new byte[ID_BYTES];
        new SecureRandom().nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    /** Redis holds the id's SHA-256 only. */
    static String key(String id) {
        try {
            return "tollgate:session:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
