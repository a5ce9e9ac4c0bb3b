package io.tollgate.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tollgate.recovery-codes.*}: seeds the run-time setting, like {@link PolicyConfig}. */
@ConfigMapping(prefix = "tollgate.recovery-codes")
public interface RecoveryCodesConfig {

    /** When false, no recovery codes are issued and none is accepted. */
    @WithDefault("true")
    boolean enabled();
}
