package io.tollgate.portal;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every portal answer: never cached (they carry form tokens and personal details), never
 * framed (no clickjacking of the sign-in forms), and no script or remote resource allowed.
 */
public class PortalHeaders {

    @ServerResponseFilter
    public void secure(ContainerResponseContext response) {
        var headers = response.getHeaders();
        if (!headers.containsKey("cache-control")) {
            headers.putSingle("cache-control", "no-store");
        }
        headers.putSingle("x-frame-options", "DENY");
        headers.putSingle("x-content-type-options", "nosniff");
        headers.putSingle("referrer-policy", "same-origin");
        headers.putSingle("content-security-policy",
                "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
    }
}
