package io.tollgate.guard;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Failed-attempt regulation: {@code tollgate.regulation.*}. A user is locked after a few
 * failures; an address (a network, for IPv6) is only slowed down past many failures, and past
 * very many it refuses the users who have failures of their own, never those who have none.
 */
@ConfigMapping(prefix = "tollgate.regulation")
public interface RegulationConfig {

    /** Failures within find-time that lock a user. */
    @WithDefault("5")
    int maxAttempts();

    /** The stricter limit for administrators. */
    @WithDefault("3")
    int adminMaxAttempts();

    /** How long a failure counts against its user. */
    @WithDefault("5m")
    Duration findTime();

    /** How long a user's lock lasts. */
    @WithDefault("15m")
    Duration banTime();

    /** Longest wait for Redis before a verification fails closed. */
    @WithDefault("2s")
    Duration redisTimeout();

    /** IPv4 clients sharing this many leading bits count as one address. */
    @WithDefault("32")
    int addressPrefixIpv4();

    /** IPv6 clients sharing this many leading bits (a /64 is usually one site) count as one address. */
    @WithDefault("64")
    int addressPrefixIpv6();

    /** How long a failure counts against its address. */
    @WithDefault("10m")
    Duration addressFindTime();

    /** Failures of an address within its find-time after which each attempt from it waits before it is checked. */
    @WithDefault("100")
    int addressThrottleAfter();

    /** The longest such wait. */
    @WithDefault("5s")
    Duration addressMaxDelay();

    /** Failures after which the address refuses, for address-block-time, users who have failures of their own. */
    @WithDefault("1000")
    int addressBlockAfter();

    @WithDefault("5m")
    Duration addressBlockTime();
}
