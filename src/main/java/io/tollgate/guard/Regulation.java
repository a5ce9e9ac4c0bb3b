package io.tollgate.guard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.configuration.ConfigurationException;

/** The regulation settings, checked once: a bad value stops start-up with every faulty key named. */
record Regulation(int maxAttempts, int adminMaxAttempts, Duration findTime, Duration banTime, AddressPrefixes prefixes,
        Duration addressFindTime, int addressThrottleAfter, Duration addressMaxDelay, Duration addressMaxQueue,
        int maxConsecutiveFailures, Duration consecutiveLockTime) {

    /** The first interval past the throttle threshold; it doubles with each further failure. */
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration LONGEST_DELAY = Duration.ofSeconds(60);
    private static final Duration LONGEST_QUEUE = Duration.ofMinutes(10);
    /** NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts on one account. */
    static final int MOST_CONSECUTIVE_FAILURES = 100;

    static Regulation of(RegulationConfig config) {
        List<String> errors = new ArrayList<>();
        atLeast(errors, "max-attempts", config.maxAttempts(), 1);
        atLeast(errors, "admin-max-attempts", config.adminMaxAttempts(), 1);
        positive(errors, "find-time", config.findTime());
        positive(errors, "ban-time", config.banTime());
        between(errors, "address-prefix-ipv4", config.addressPrefixIpv4(), 1, 32);
        between(errors, "address-prefix-ipv6", config.addressPrefixIpv6(), 1, 128);
        positive(errors, "address-find-time", config.addressFindTime());
        atLeast(errors, "address-throttle-after", config.addressThrottleAfter(), 1);
        if (config.addressMaxDelay().isNegative() || config.addressMaxDelay().compareTo(LONGEST_DELAY) > 0) {
            errors.add("tollgate.regulation.address-max-delay: must be between 0s and 60s, got " + config.addressMaxDelay());
        }
        if (config.addressMaxQueue() == null || config.addressMaxQueue().isNegative()
                || config.addressMaxQueue().compareTo(LONGEST_QUEUE) > 0) {
            errors.add("tollgate.regulation.address-max-queue: must be between 0s and 10m, got "
                    + config.addressMaxQueue());
        }
        between(errors, "max-consecutive-failures", config.maxConsecutiveFailures(), 1, MOST_CONSECUTIVE_FAILURES);
        positive(errors, "consecutive-lock-time", config.consecutiveLockTime());
        if (!errors.isEmpty()) {
            throw new ConfigurationException("Invalid Tollgate configuration: " + String.join("; ", errors));
        }
        return new Regulation(config.maxAttempts(), Math.min(config.adminMaxAttempts(), config.maxAttempts()),
                config.findTime(), config.banTime(),
                new AddressPrefixes(config.addressPrefixIpv4(), config.addressPrefixIpv6()), config.addressFindTime(),
                config.addressThrottleAfter(), config.addressMaxDelay(), config.addressMaxQueue(),
                config.maxConsecutiveFailures(), config.consecutiveLockTime());
    }

    int limitFor(boolean admin) {
        return admin ? adminMaxAttempts : maxAttempts;
    }

    /**
     * The interval between two attempts of a network that has this many failures (and attempts in
     * flight) before the first of them: nothing below the threshold, then 100 ms doubling with
     * each further failure, at most address-max-delay. The queue script computes the same.
     */
    Duration delay(long priorFailures) {
        if (priorFailures < addressThrottleAfter) {
            return Duration.ZERO;
        }
        long doublings = Math.min(priorFailures - addressThrottleAfter, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(addressMaxDelay) > 0 ? addressMaxDelay : delay;
    }

    private static void atLeast(List<String> errors, String key, int value, int min) {
        if (value < min) {
            errors.add("tollgate.regulation." + key + ": must be at least " + min + ", got " + value);
        }
    }

    private static void between(List<String> errors, String key, int value, int min, int max) {
        if (value < min || value > max) {
            errors.add("tollgate.regulation." + key + ": must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void positive(List<String> errors, String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            errors.add("tollgate.regulation." + key + ": must be positive, got " + value);
        }
    }
}
