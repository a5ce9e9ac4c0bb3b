package io.tollgate.testing;

import java.util.Optional;

import io.tollgate.portal.PortalConfig;

/**
 * Test doubles for configuration mappings, built from the values a test cares about (the
 * rest at their defaults), so that tests need no anonymous class of their own.
 */
public final class Configs {

    private Configs() {
    }

    /** The portal under {@code prefix}, with a host of its own when {@code host} is not null. */
    public static PortalConfig portal(String prefix, String host) {
        return new PortalConfig() {
            @Override
            public String pathPrefix() {
                return prefix;
            }

            @Override
            public Optional<String> host() {
                return Optional.ofNullable(host);
            }
        };
    }

    /** The portal at its default prefix, on every host. */
    public static PortalConfig portal() {
        return portal(PortalConfig.INTERNAL_PREFIX, null);
    }
}
