package io.tollgate.portal;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the portal is reached: {@code tollgate.portal.*}. */
@ConfigMapping(prefix = "tollgate.portal")
public interface PortalConfig {

    /** Where the portal's own endpoints live inside the application, whatever the public prefix. */
    String INTERNAL_PREFIX = "/.tollgate";

    /** Path prefix reserved on every host for the portal; never proxied. */
    @WithDefault(INTERNAL_PREFIX)
    String pathPrefix();

    /** A host that serves only the portal, if any. */
    Optional<String> host();

    /** The organisation's look: {@code tollgate.portal.brand.*}. */
    Brand brand();

    interface Brand {

        /**
         * Shown on every page and in its title, and the issuer authenticator apps show beside
         * each code unless {@code tollgate.totp.issuer} says otherwise.
         */
        @WithDefault("Tollgate")
        String name();

        /** A PNG, SVG, JPEG or WebP file shown beside the name on every page (at most 256 KiB). */
        Optional<String> logo();

        /** The colour of buttons, links and focus rings, as #rgb or #rrggbb; white text on it must be readable. */
        @WithDefault("#1d4ed8")
        String accentColor();
    }
}
