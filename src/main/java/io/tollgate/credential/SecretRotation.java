package io.tollgate.credential;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.tollgate.crypto.CryptoConfig;
import io.tollgate.crypto.KeyRing;
import io.tollgate.crypto.SecretCipher;
import io.tollgate.store.Database;

/**
 * Moves every stored TOTP secret to the active key, a page per transaction, after a new key
 * has been made active; then the old key can leave {@code tollgate.crypto.keys}. Safe to run
 * again, and from several replicas: a value already under the active key is not touched.
 */
@ApplicationScoped
public class SecretRotation {

    private static final Logger LOG = Logger.getLogger(SecretRotation.class);
    static final int PAGE = 200;

    private final TotpCredentialRepository credentials;
    private final SecretCipher cipher;
    private final KeyRing ring;

    public SecretRotation(TotpCredentialRepository credentials, SecretCipher cipher, KeyRing ring) {
        this.credentials = credentials;
        this.cipher = cipher;
        this.ring = ring;
    }

    /** With {@code tollgate.crypto.reencrypt-at-start=true}: runs in the background, never delaying start-up. */
    void atStart(@Observes StartupEvent event, CryptoConfig config) {
        if (config.reencryptAtStart()) {
            // Hibernate Reactive needs a Vert.x context, which a start-up observer does not run on.
            VertxContextSupport.subscribe(() -> reencryptAll(cipher, ring).toMulti(), subscribe -> subscribe.with(
                    count -> { },
                    failure -> LOG.errorf("Re-encryption of TOTP secrets stopped: %s", failure.getMessage())));
        }
    }

    /** @return how many secrets were re-encrypted */
    public Uni<Long> reencryptAll(SecretCipher cipher, KeyRing ring) {
        return nextPage(cipher, ring, 0L, done -> { });
    }

    /** Under the active key, telling {@code progress} how many are done after each page. */
    public Uni<Long> reencryptAll(java.util.function.LongConsumer progress) {
        return nextPage(cipher, ring, 0L, progress);
    }

    /** How many stored secrets are not under the active key. */
    public Uni<Long> remaining() {
        return Database.session(() -> credentials.countNotWrittenWith(ring.activeId()));
    }

    /** The id of the key secrets are written with. */
    public String activeKey() {
        return ring.activeId();
    }

    private Uni<Long> nextPage(SecretCipher cipher, KeyRing ring, long doneSoFar, java.util.function.LongConsumer progress) {
        return Database.transaction(() -> credentials.notWrittenWith(ring.activeId(), PAGE)
                .map(page -> reencrypt(cipher, page)))
                .flatMap(count -> {
                    long total = doneSoFar + count;
                    progress.accept(total);
                    if (count < PAGE) {
                        LOG.infof("Re-encrypted %d TOTP secrets under key '%s'", total, ring.activeId());
                        return Uni.createFrom().item(total);
                    }
                    return nextPage(cipher, ring, total, progress);
                });
    }

    private static long reencrypt(SecretCipher cipher, List<TotpCredential> page) {
        for (TotpCredential credential : page) {
            credential.secret = cipher.reencrypt(credential.secret, credential.associatedData());
        }
        return page.size();
    }
}
