package io.tollgate.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;

/**
 * Builds the key ring from configuration. In production a missing or bad key stops start-up;
 * in dev and test mode a missing ring is replaced by a random key, with a warning, so that
 * nothing stored then survives a restart.
 */
public class CryptoProducer {

    private static final Logger LOG = Logger.getLogger(CryptoProducer.class);

    /** Built at start-up, so a bad key stops the gateway before it serves anything. */
    @Produces
    @Singleton
    @Startup
    KeyRing keyRing(CryptoConfig config) {
        if (config.keys().isEmpty() && LaunchMode.current() != LaunchMode.NORMAL) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            LOG.warn("No tollgate.crypto.keys configured: using a random key for this run only (dev/test mode). "
                    + "TOTP secrets stored now will not decrypt after a restart.");
            return KeyRing.from(Map.of("generated", Base64.getEncoder().encodeToString(key)), Optional.empty());
        }
        return KeyRing.from(config.keys(), config.activeKey());
    }

    @Produces
    @Singleton
    SecretCipher secretCipher(KeyRing ring) {
        return new SecretCipher(ring);
    }
}
