package io.tollgate.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** How a session is written in Redis: a small JSON document (the id itself is not in it). */
final class SessionCodec {

    private SessionCodec() {
    }

    static String encode(Session session) {
        Session.Identity identity = session.identity();
        return new JsonObject()
                .put("user", session.username())
                .put("level", session.level().name())
                .put("csrf", session.csrfToken())
                .put("created", session.createdAt().toEpochMilli())
                .put("expires", session.expiresAt().toEpochMilli())
                .put("twoFactorAt", millis(session.lastTwoFactorAt()))
                .put("name", identity.displayName())
                .put("email", identity.email())
                .put("groups", new JsonArray(identity.groups()))
                .put("admin", identity.admin())
                .put("resets", identity.secondFactorResets())
                .put("ps", identity.policyStamp())
                .put("pending", session.pending().name())
                .put("ip", session.client().address())
                .put("ua", session.client().userAgent())
                .put("seen", millis(session.lastSeenAt()))
                .put("as", delegation(session.delegation()))
                .encode();
    }

    static Session decode(String id, JsonObject json) {
        List<String> groups = new ArrayList<>();
        json.getJsonArray("groups", new JsonArray()).forEach(g -> groups.add(String.valueOf(g)));
        // Sessions written before resets were counted belong to accounts never reset since.
        Session.Identity identity = new Session.Identity(json.getString("name"), json.getString("email"), groups,
                json.getBoolean("admin", false), json.getInteger("resets", 0),
                // Sessions written before policy stamps were kept are decided again once, if they passed without a code.
                json.getInteger("ps", 0));
        Instant created = Instant.ofEpochMilli(json.getLong("created"));
        return new Session(id, json.getString("user"), AuthLevel.valueOf(json.getString("level")), json.getString("csrf"),
                created, Instant.ofEpochMilli(json.getLong("expires")), instant(json.getLong("twoFactorAt")), identity,
                // A signed-in session without its step (an older or altered record) owes the code: fail closed.
                Session.Pending.valueOf(json.getString("pending", json.getString("user") == null ? "NONE" : "SECOND_FACTOR")),
                new Session.Client(json.getString("ip"), json.getString("ua")),
                json.getLong("seen") == null ? created : Instant.ofEpochMilli(json.getLong("seen")),
                delegation(json.getJsonObject("as")));
    }

    private static JsonObject delegation(Session.Delegation d) {
        if (d == null) {
            return null;
        }
        return new JsonObject().put("user", d.username()).put("name", d.identity().displayName())
                .put("email", d.identity().email()).put("groups", new JsonArray(d.identity().groups()))
                .put("started", d.started().toEpochMilli()).put("until", d.until().toEpochMilli());
    }

    private static Session.Delegation delegation(JsonObject json) {
        if (json == null || json.getString("user") == null || json.getLong("until") == null) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        json.getJsonArray("groups", new JsonArray()).forEach(g -> groups.add(String.valueOf(g)));
        // Acting as someone never carries administration: the identity is for applications only.
        return new Session.Delegation(json.getString("user"), new Session.Identity(json.getString("name"),
                json.getString("email"), groups, false, 0), Instant.ofEpochMilli(json.getLong("started", 0L)),
                Instant.ofEpochMilli(json.getLong("until")));
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
