package io.tollgate.account;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Hashes and checks passwords with Argon2id on the worker pool, never on the event loop. A
 * check for a user who does not exist costs a full hash too, so that the time of an answer
 * does not tell which usernames exist.
 */
@Startup // the dummy hash is made at start-up, not on the first request's thread
@ApplicationScoped
public class PasswordHasher {

    private final PasswordConfig config;
    /** Made once, with the current parameters, for checks against no stored hash. */
    private final String dummy;

    public PasswordHasher(PasswordConfig config) {
        this.config = config;
        this.dummy = Argon2id.hash("no such user".toCharArray(), config.memoryKib(), config.iterations(),
                config.parallelism());
    }

    public Uni<String> hash(char[] password) {
        return Uni.createFrom().item(() -> Argon2id.hash(password, config.memoryKib(), config.iterations(),
                config.parallelism())).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** @param storedHash null or empty for an unknown user (or one without a password): always false, same cost */
    public Uni<Boolean> matches(char[] password, String storedHash) {
        return Uni.createFrom().item(() -> {
            boolean known = storedHash != null && !storedHash.isEmpty();
            boolean ok = Argon2id.verify(password, known ? storedHash : dummy);
            return known && ok;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
