package io.tollgate.testing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.tollgate.guard.RegulationConfig;
import io.tollgate.portal.PortalConfig;
import io.tollgate.gate.GatewayConfig;
import io.tollgate.session.SessionConfig;
import io.tollgate.totp.TotpConfig;

/**
 * Test doubles for configuration mappings, built from the values a test cares about (the
 * rest at their defaults), so that tests need no anonymous class of their own. A value
 * given as null stands for an absent optional setting. The defaults written here are those
 * of the mappings' {@code @WithDefault}: keep them in step.
 */
public final class Configs {

    /**
     * The find-times of the regulation doubles, for users and addresses alike: shorter than the
     * defaults (5 and 10 minutes), so that the failures a test leaves in the shared Redis fade
     * soon.
     */
    public static final Duration REGULATION_FIND_TIME = Duration.ofMinutes(1);

    private Configs() {
    }

    /** The portal under {@code prefix}, with a host of its own when {@code host} is not null. */
    public static PortalConfig portal(String prefix, String host) {
        return portal(prefix, host, "Tollgate", null, "#1d4ed8");
    }

    /** The portal at its default prefix with this brand; {@code logo} may be null (none). */
    public static PortalConfig brand(String name, String logo, String accentColor) {
        return portal(PortalConfig.INTERNAL_PREFIX, null, name, logo, accentColor);
    }

    private static PortalConfig portal(String prefix, String host, String name, String logo, String accentColor) {
        PortalConfig.Brand brand = new PortalConfig.Brand() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<String> logo() {
                return Optional.ofNullable(logo);
            }

            @Override
            public String accentColor() {
                return accentColor;
            }
        };
        return new PortalConfig() {
            @Override
            public String pathPrefix() {
                return prefix;
            }

            @Override
            public Optional<String> host() {
                return Optional.ofNullable(host);
            }

            @Override
            public Brand brand() {
                return brand;
            }
        };
    }

    /** The portal at its default prefix, on every host. */
    public static PortalConfig portal() {
        return portal(PortalConfig.INTERNAL_PREFIX, null);
    }

    /** TOTP with every value given; {@code issuer} and {@code secretLength} may be null (not set). */
    public static TotpConfig totp(String issuer, String label, String algorithm, int digits, int period, int window,
            Integer secretLength) {
        return new TotpConfig() {
            @Override
            public Optional<String> issuer() {
                return Optional.ofNullable(issuer);
            }

            @Override
            public String label() {
                return label;
            }

            @Override
            public String algorithm() {
                return algorithm;
            }

            @Override
            public int digits() {
                return digits;
            }

            @Override
            public int period() {
                return period;
            }

            @Override
            public int window() {
                return window;
            }

            @Override
            public OptionalInt secretLength() {
                return secretLength == null ? OptionalInt.empty() : OptionalInt.of(secretLength);
            }
        };
    }

    /** TOTP with this issuer (null: none) and label; SHA1, 6 digits, 30 s, window 1, the algorithm's secret length. */
    public static TotpConfig totp(String issuer, String label) {
        return totp(issuer, label, "SHA1", 6, 30, 1, null);
    }

    /** TOTP at its defaults: no issuer, labelled by username. */
    public static TotpConfig totp() {
        return totp(null, "username");
    }

    /**
     * Sessions whose cookie is {@code secure} or not, for {@code domain} (null: host-only);
     * 30 minutes idle, 12 hours at most.
     */
    public static SessionConfig session(boolean secure, String domain) {
        return session(Duration.ofMinutes(30), Duration.ofHours(12), secure, domain);
    }

    /** Secure, host-only session cookies with these lifetimes. */
    public static SessionConfig session(Duration idle, Duration absolute) {
        return session(idle, absolute, true, null);
    }

    private static SessionConfig session(Duration idle, Duration absolute, boolean secure, String domain) {
        return new SessionConfig() {
            @Override
            public Duration idleTimeout() {
                return idle;
            }

            @Override
            public Duration absoluteLifetime() {
                return absolute;
            }

            @Override
            public boolean secure() {
                return secure;
            }

            @Override
            public Optional<String> domain() {
                return Optional.ofNullable(domain);
            }

            @Override
            public Duration nearCacheTtl() {
                return Duration.ofSeconds(10);
            }

            @Override
            public int nearCacheSize() {
                return 100_000;
            }
        };
    }

    /** A route with these values; the upstream's own Host header, idle connections closed after 4 s. */
    public static GatewayConfig.RouteConfig route(String host, String pathPrefix, String upstream, String policy,
            Duration timeout, int poolSize) {
        return new GatewayConfig.RouteConfig() {
            @Override
            public String host() {
                return host;
            }

            @Override
            public String pathPrefix() {
                return pathPrefix;
            }

            @Override
            public Optional<String> upstream() {
                return Optional.ofNullable(upstream);
            }

            @Override
            public String policy() {
                return policy;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }

            @Override
            public boolean preserveHost() {
                return false;
            }

            @Override
            public int poolSize() {
                return poolSize;
            }

            @Override
            public Duration keepAliveTimeout() {
                return Duration.ofSeconds(4);
            }

            @Override
            public boolean acceptBearer() {
                return true;
            }

            @Override
            public Optional<List<String>> bearerGroups() {
                return Optional.empty();
            }
        };
    }

    /**
     * Regulation with these user limits and ban time, the address's throttle threshold, longest
     * interval, longest queue and prefix lengths; {@link #REGULATION_FIND_TIME}, Redis timeout 2 s.
     */
    public static RegulationConfig regulation(int maxAttempts, int adminMaxAttempts, Duration banTime,
            int addressThrottleAfter, Duration addressMaxDelay, Duration addressMaxQueue, int addressPrefixIpv4,
            int addressPrefixIpv6) {
        return regulation(maxAttempts, adminMaxAttempts, banTime, addressThrottleAfter, addressMaxDelay, addressMaxQueue,
                addressPrefixIpv4, addressPrefixIpv6, 100, Duration.ofDays(30));
    }

    /** As above, with the limit of failures in a row and the lock they start. */
    public static RegulationConfig regulation(int maxAttempts, int adminMaxAttempts, Duration banTime,
            int addressThrottleAfter, Duration addressMaxDelay, Duration addressMaxQueue, int addressPrefixIpv4,
            int addressPrefixIpv6, int maxConsecutiveFailures, Duration consecutiveLockTime) {
        return new RegulationConfig() {
            @Override
            public int maxAttempts() {
                return maxAttempts;
            }

            @Override
            public int adminMaxAttempts() {
                return adminMaxAttempts;
            }

            @Override
            public Duration findTime() {
                return REGULATION_FIND_TIME;
            }

            @Override
            public Duration banTime() {
                return banTime;
            }

            @Override
            public int addressPrefixIpv4() {
                return addressPrefixIpv4;
            }

            @Override
            public int addressPrefixIpv6() {
                return addressPrefixIpv6;
            }

            @Override
            public Duration addressFindTime() {
                return REGULATION_FIND_TIME;
            }

            @Override
            public int addressThrottleAfter() {
                return addressThrottleAfter;
            }

            @Override
            public Duration addressMaxDelay() {
                return addressMaxDelay;
            }

            @Override
            public Duration addressMaxQueue() {
                return addressMaxQueue;
            }

            @Override
            public int maxConsecutiveFailures() {
                return maxConsecutiveFailures;
            }

            @Override
            public Duration consecutiveLockTime() {
                return consecutiveLockTime;
            }
        };
    }

    /**
     * Regulation with these user limits and ban time; the default address settings (throttled
     * past 100 failures, intervals up to 5 s, queues up to 30 s, /32 and /64 networks).
     */
    public static RegulationConfig regulation(int maxAttempts, int adminMaxAttempts, Duration banTime) {
        return regulation(maxAttempts, adminMaxAttempts, banTime, 100, Duration.ofSeconds(5), Duration.ofSeconds(30),
                32, 64);
    }
}
