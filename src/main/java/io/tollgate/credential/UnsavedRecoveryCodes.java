package io.tollgate.credential;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.crypto.SecretCipher;
import io.tollgate.crypto.SecretDecryptionException;
import io.tollgate.store.RedisCalls;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * A new set of recovery codes waits here, encrypted, until its user says it is written down or
 * {@link #KEPT} has passed: the page that shows it is reached by a redirect, so a reload or the
 * language switch shows the same set and posts nothing again, and a second click of the first
 * enrollment form leads to it too. One set per user, readable by any replica (the key ring is
 * shared); Redis alone cannot read it.
 */
@ApplicationScoped
public class UnsavedRecoveryCodes {

    public static final Duration KEPT = Duration.ofMinutes(10);
    private static final String PREFIX = "tollgate:unsaved-codes:";

    private final RedisCalls redis;
    private final SecretCipher cipher;

    public UnsavedRecoveryCodes(RedisCalls redis, SecretCipher cipher) {
        this.redis = redis;
        this.cipher = cipher;
    }

    public Uni<Void> keep(Long userId, List<String> codes) {
        byte[] plain = String.join(" ", codes).getBytes(StandardCharsets.US_ASCII);
        try {
            String sealed = cipher.encrypt(plain, boundTo(userId));
            return redis.send(Request.cmd(Command.SET).arg(PREFIX + userId).arg(sealed).arg("PX").arg(KEPT.toMillis()))
                    .replaceWithVoid();
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The set waiting for the user, if any; one that no longer decrypts (keys rotated away) is gone. */
    public Uni<Optional<List<String>>> read(Long userId) {
        return redis.send(Request.cmd(Command.GET).arg(PREFIX + userId)).map(value -> {
            if (value == null) {
                return Optional.empty();
            }
            try {
                byte[] plain = cipher.decrypt(value.toString(), boundTo(userId));
                String text = new String(plain, StandardCharsets.US_ASCII);
                Arrays.fill(plain, (byte) 0);
                return Optional.of(List.of(text.split(" ")));
            } catch (SecretDecryptionException e) {
                return Optional.empty();
            }
        });
    }

    public Uni<Void> forget(Long userId) {
        return redis.send(Request.cmd(Command.DEL).arg(PREFIX + userId)).replaceWithVoid();
    }

    /** Associated data: a value copied under another user's key does not decrypt. */
    private static byte[] boundTo(Long userId) {
        return ("unsaved-recovery-codes:" + userId).getBytes(StandardCharsets.US_ASCII);
    }
}
