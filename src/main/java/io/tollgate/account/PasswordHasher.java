package io.tollgate.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Hashes and checks passwords with Argon2id on a worker pool of its own, never on the event
 * loop; the answer comes back on the caller's Vert.x context, so reactive database sessions
 * can go on from there. The pool has one thread per core: each hash takes the configured
 * memory, and a burst of logins queues instead of multiplying it. A check for a user who does
 * not exist costs a full hash too, so that the time of an answer does not tell which
 * usernames exist.
 */
@ApplicationScoped
public class PasswordHasher {

    private final PasswordConfig config;
    private final WorkerExecutor pool;
    /**
     * What checks against no stored hash compare with: the current parameters, so the same cost
     * as a real check, and nothing to match. Not a hash of anything, so start-up does not spend
     * a hash's CPU (and the JIT's, on two cores more than a second) on it.
     */
    private final String dummy;

    public PasswordHasher(PasswordConfig config, Vertx vertx) {
        this.config = config;
        this.pool = vertx.createSharedWorkerExecutor("tollgate-password-hashing",
                Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.dummy = Argon2id.unmatchable(config.memoryKib(), config.iterations(), config.parallelism());
    }

    public Uni<String> hash(char[] password) {
        return offload(() -> Argon2id.hash(password, config.memoryKib(), config.iterations(), config.parallelism()));
    }

    /** @param storedHash null or empty for an unknown user (or one without a password): always false, same cost */
    public Uni<Boolean> matches(char[] password, String storedHash) {
        return offload(() -> {
            boolean known = storedHash != null && !storedHash.isEmpty();
            boolean ok = Argon2id.verify(password, known ? storedHash : dummy);
            return known && ok;
        });
    }

    /**
     * Hashes a set of one-time secrets (recovery codes) with one shared salt, so that checking a
     * candidate against the whole set costs one hash, not one per code.
     */
    public Uni<List<String>> hashSet(List<String> secrets) {
        return offload(() -> {
            byte[] salt = Argon2id.newSalt();
            return secrets.stream().map(secret -> Argon2id.hash(secret.toCharArray(), salt, config.memoryKib(),
                    config.iterations(), config.parallelism())).toList();
        });
    }

    /**
     * The position in {@code hashes} (made by {@link #hashSet}) of the one matching the
     * candidate, or -1; every entry is compared, in constant time. An empty list costs a hash too.
     */
    public Uni<Integer> indexOfMatch(char[] candidate, List<String> hashes) {
        return offload(() -> {
            Map<String, String> bySaltAndParameters = new HashMap<>();
            int found = -1;
            for (int i = 0; i < hashes.size(); i++) {
                String stored = hashes.get(i);
                String prefix = stored.substring(0, Math.max(0, stored.lastIndexOf('$')));
                String computed = bySaltAndParameters.computeIfAbsent(prefix, p -> Argon2id.rehash(candidate, stored));
                if (computed != null && MessageDigest.isEqual(
                        computed.getBytes(StandardCharsets.US_ASCII),
                        stored.getBytes(StandardCharsets.US_ASCII)) && found < 0) {
                    found = i;
                }
            }
            if (hashes.isEmpty()) {
                Argon2id.verify(candidate, dummy);
            }
            return found;
        });
    }

    /** Runs CPU-heavy work on the hashing pool; the result is delivered on the calling context. */
    public <T> Uni<T> offload(Callable<T> work) {
        return Uni.createFrom().completionStage(() -> pool.executeBlocking(work, false).toCompletionStage());
    }

    void close(@Observes ShutdownEvent event) {
        pool.close();
    }
}
