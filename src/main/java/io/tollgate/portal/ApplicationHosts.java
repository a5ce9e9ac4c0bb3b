package io.tollgate.portal;

import java.util.List;

import io.tollgate.http.HostPattern;

/**
 * The hosts the gateway serves applications on, which a return address ({@code rd}) may name,
 * and the names of its routes, which an AuthKey may be limited to.
 * Provided by the gateway, which owns the routes; the portal never reads the routes itself.
 */
public interface ApplicationHosts {

    /** Host patterns of the routes, wildcards included, the any-host pattern left out. */
    List<HostPattern> patterns();

    /** The routes' names, which an AuthKey may be limited to; none by default. */
    default List<String> routeNames() {
        return List.of();
    }
}
