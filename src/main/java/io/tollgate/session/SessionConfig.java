package io.tollgate.session;

import java.time.Duration;
import java.util.Optional;

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

    /** The cookie is sent over HTTPS only; false only for a local http:// trial. */
    @WithDefault("true")
    boolean secure();

    /**
     * Cookie domain, e.g. {@code example.com} to share one sign-in across its subdomains;
     * absent: the host that set it only.
     */
    Optional<String> domain();

    /**
     * How long a replica keeps a session it read (its idle timer is restarted at each read):
     * changes are announced to every replica at once, so this only bounds what a lost
     * announcement could cost. 0 turns the near cache off (every request reads Redis).
     */
    @WithDefault("10s")
    Duration nearCacheTtl();

    /** Sessions a replica keeps at most. */
    @WithDefault("100000")
    int nearCacheSize();
}
