package io.tollgate.caller;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.crypto.SecretCipher;
import io.tollgate.crypto.SecretDecryptionException;
import io.tollgate.store.RedisCalls;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * A new AuthKey on its way to the page that shows it. Each new-key form carries an id of its
 * own; the first post of it claims the id, and the key it makes waits here, encrypted, until
 * its user says it is copied or {@link #KEPT} has passed. So the page is reached by a redirect
 * (a reload shows the same key and makes none), and a form sent twice (a double click) makes
 * one key, which both posts lead to. Readable by any replica (the key ring is shared); Redis
 * alone cannot read it. The gateway itself keeps only the key's fingerprint beyond that.
 */
@ApplicationScoped
public class KeysToShow {

    public static final Duration KEPT = Duration.ofMinutes(10);
    private static final String PREFIX = "tollgate:key-form:";
    /** A form's claim before its key is made. */
    private static final String CLAIMED = "claimed";
    private static final Pattern FORM_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a form id leads to now. */
    public sealed interface State {
        /** Unknown, expired or copied: nothing to show. */
        record Gone() implements State {
        }

        /** Claimed by a post whose key is still being made. */
        record Making() implements State {
        }

        record Ready(String name, String key) implements State {
        }
    }

    private final RedisCalls redis;
    private final SecretCipher cipher;

    public KeysToShow(RedisCalls redis, SecretCipher cipher) {
        this.redis = redis;
        this.cipher = cipher;
    }

    /** A fresh id for a form that makes a key: 128 random bits. */
    public static String newFormId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code form} can be an id this class made (anything else names no form). */
    public static boolean wellFormed(String form) {
        return form != null && FORM_ID.matcher(form).matches();
    }

    /** Whether this post is the form's first: only the first may make a key. */
    public Uni<Boolean> claim(Long userId, String form) {
        return redis.send(Request.cmd(Command.SET).arg(key(userId, form)).arg(CLAIMED).arg("NX")
                .arg("PX").arg(KEPT.toMillis())).map(answer -> answer != null && "OK".equals(answer.toString()));
    }

    /** The key the form's first post made, kept for its page. */
    public Uni<Void> keep(Long userId, String form, String name, String key) {
        byte[] plain = (name + "\n" + key).getBytes(StandardCharsets.UTF_8);
        try {
            String sealed = cipher.encrypt(plain, boundTo(userId, form));
            return redis.send(Request.cmd(Command.SET).arg(key(userId, form)).arg(sealed).arg("PX").arg(KEPT.toMillis()))
                    .replaceWithVoid();
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public Uni<State> read(Long userId, String form) {
        if (!wellFormed(form)) {
            return Uni.createFrom().item(new State.Gone());
        }
        return redis.send(Request.cmd(Command.GET).arg(key(userId, form))).map(value -> {
            if (value == null) {
                return new State.Gone();
            }
            String stored = value.toString();
            if (CLAIMED.equals(stored)) {
                return new State.Making();
            }
            return opened(userId, form, stored).<State>map(shown -> shown).orElseGet(State.Gone::new);
        });
    }

    /** Copied, or the form's post failed: the form id leads nowhere any more. */
    public Uni<Void> forget(Long userId, String form) {
        if (!wellFormed(form)) {
            return Uni.createFrom().voidItem();
        }
        return redis.send(Request.cmd(Command.DEL).arg(key(userId, form))).replaceWithVoid();
    }

    private Optional<State.Ready> opened(Long userId, String form, String sealed) {
        byte[] plain;
        try {
            plain = cipher.decrypt(sealed, boundTo(userId, form));
        } catch (SecretDecryptionException e) {
            // Keys rotated away meanwhile: the key cannot be shown again, like one whose time ran out.
            return Optional.empty();
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        Arrays.fill(plain, (byte) 0);
        int split = text.lastIndexOf('\n');
        return Optional.of(new State.Ready(text.substring(0, split), text.substring(split + 1)));
    }

    private static String key(Long userId, String form) {
        return PREFIX + userId + ":" + form;
    }

    /** Associated data: a value copied under another user's or form's key does not decrypt. */
    private static byte[] boundTo(Long userId, String form) {
        return ("key-to-show:" + userId + ":" + form).getBytes(StandardCharsets.US_ASCII);
    }
}
