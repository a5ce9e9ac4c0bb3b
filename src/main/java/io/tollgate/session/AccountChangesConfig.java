package io.tollgate.session;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How account changes reach open sessions: {@code tollgate.account-changes.*}. */
@ConfigMapping(prefix = "tollgate.account-changes")
public interface AccountChangesConfig {

    /** How often each replica looks for changed accounts; a change applies within about this long. */
    @WithDefault("2s")
    Duration pollInterval();

    /** How far back each look goes: a change committed later than this after it was made is missed. */
    @WithDefault("10m")
    Duration lookback();
}
