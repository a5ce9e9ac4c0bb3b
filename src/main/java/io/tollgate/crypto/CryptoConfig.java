package io.tollgate.crypto;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Keys that encrypt TOTP secrets at rest: {@code tollgate.crypto.keys.<id>} = base64 of 32 bytes. */
@ConfigMapping(prefix = "tollgate.crypto")
public interface CryptoConfig {

    /** Every key that may have written a stored secret, by id. */
    Map<String, String> keys();

    /** The key id new secrets are written with; optional when the ring holds one key. */
    Optional<String> activeKey();

    /** Re-encrypt every stored secret under the active key at start-up (after a rotation). */
    @WithDefault("false")
    boolean reencryptAtStart();
}
