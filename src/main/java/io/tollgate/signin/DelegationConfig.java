package io.tollgate.signin;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Administrators acting as another user: {@code tollgate.delegation.*}. */
@ConfigMapping(prefix = "tollgate.delegation")
public interface DelegationConfig {

    /** Whether administrators may act as another user at all. */
    @WithDefault("true")
    boolean enabled();

    /** Acting as someone ends by itself this long after it began (at most 8 hours). */
    @WithDefault("1h")
    Duration maxDuration();
}
