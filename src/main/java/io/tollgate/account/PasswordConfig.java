package io.tollgate.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Argon2id parameters for new password hashes: {@code tollgate.passwords.*}. */
@ConfigMapping(prefix = "tollgate.passwords")
public interface PasswordConfig {

    /** Memory per hash in KiB (OWASP's minimum for Argon2id: 19 MiB). */
    @WithDefault("19456")
    int memoryKib();

    @WithDefault("2")
    int iterations();

    @WithDefault("1")
    int parallelism();
}
