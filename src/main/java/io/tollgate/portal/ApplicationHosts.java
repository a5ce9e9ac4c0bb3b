package io.tollgate.portal;

import java.util.List;

import io.tollgate.http.HostPattern;

/**
 * The hosts the gateway serves applications on, which a return address ({@code rd}) may name.
 * Provided by the gateway, which owns the routes; the portal never reads the routes itself.
 */
public interface ApplicationHosts {

    /** Host patterns of the routes, wildcards included, the any-host pattern left out. */
    List<HostPattern> patterns();
}
