package io.tollgate.guard;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Failed-attempt regulation: {@code tollgate.regulation.*}. A user is locked after a few
 * failures. An address (its network) past many failures has its attempts served one at a time,
 * at a growing interval, and refuses at once those that would wait in its queue longer than
 * address-max-queue.
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


    /** IPv4 clients sharing this many leading bits count as one address. */
    @WithDefault("32")
    int addressPrefixIpv4();

    /** IPv6 clients sharing this many leading bits (a /64 is usually one site) count as one address. */
    @WithDefault("64")
    int addressPrefixIpv6();

    /** How long a failure counts against its address. */
    @WithDefault("10m")
    Duration addressFindTime();

    /**
     * Failures of an address within its find-time after which its attempts are served one at a
     * time: each one after the previous, at an interval of 100 ms doubling with each failure.
     */
    @WithDefault("100")
    int addressThrottleAfter();

    /** The longest such interval. */
    @WithDefault("5s")
    Duration addressMaxDelay();

    /** An attempt that would wait longer than this for its turn is refused at once ("try again in N seconds"). */
    @WithDefault("30s")
    Duration addressMaxQueue();

    /**
     * Failures of a user in a row, whatever the windows and locks in between, after which the
     * user stays locked until an administrator unlocks them (at most consecutive-lock-time). At
     * most 100 (NIST SP 800-63B §5.2.2).
     */
    @WithDefault("100")
    int maxConsecutiveFailures();

    /** How long failures in a row are remembered without a new one, and the longest such lock. */
    @WithDefault("30d")
    Duration consecutiveLockTime();
}
