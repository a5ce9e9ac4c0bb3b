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
}
