package io.tollgate.portal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.tollgate.store.RedisCalls;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * A change waiting for its code, kept for a while under a random id so that the code form can
 * be shown again by a GET — its language switch is a link — without losing the change. Only
 * the session that asked for the change can see it again; its fields are what that session
 * itself posted (names, ids; never a secret), and it still needs the session's form token and
 * a code to be carried out.
 */
@ApplicationScoped
public class PendingChanges {

    static final Duration KEPT = Duration.ofMinutes(10);
    private static final String PREFIX = "tollgate:pending-change:";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisCalls redis;

    public PendingChanges(RedisCalls redis) {
        this.redis = redis;
    }

    /** The id the change can be shown again by, or empty when it cannot be kept now. */
    public Uni<Optional<String>> keep(Session session, PendingChange change) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        StringBuilder value = new StringBuilder(SessionStore.handle(session.id())).append('\n')
                .append(encode(change.action()));
        for (PendingChange.Field field : change.fields()) {
            value.append('\n').append(encode(field.name())).append('=').append(encode(field.value()));
        }
        return redis.send(Request.cmd(Command.SET).arg(PREFIX + id).arg(value.toString()).arg("PX").arg(KEPT.toMillis()))
                .map(done -> Optional.of(id))
                // The form is shown all the same; only its language switch will not carry the change.
                .onFailure().recoverWithItem(Optional.empty());
    }

    /** The change kept under {@code id} for this very session, if any. */
    public Uni<Optional<PendingChange>> find(Session session, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return redis.send(Request.cmd(Command.GET).arg(PREFIX + id)).map(value -> {
            if (value == null) {
                return Optional.empty();
            }
            String[] lines = value.toString().split("\n", -1);
            if (lines.length < 2 || !lines[0].equals(SessionStore.handle(session.id()))) {
                return Optional.empty();
            }
            List<PendingChange.Field> fields = new ArrayList<>();
            for (int i = 2; i < lines.length; i++) {
                int split = lines[i].indexOf('=');
                fields.add(new PendingChange.Field(decode(lines[i].substring(0, split)), decode(lines[i].substring(split + 1))));
            }
            return Optional.of(new PendingChange(decode(lines[1]), List.copyOf(fields)));
        });
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
