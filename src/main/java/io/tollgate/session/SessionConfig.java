package io.tollgate.session;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Browser sessions: {@code tollgate.session.*}. */
@ConfigMapping(prefix = "tollgate.session")
public interface SessionConfig {

    /** Session ends after this long without a request. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** Session ends this long after sign-in, however active. */
    @WithDefault("12h")
    Duration absoluteLifetime();
}
