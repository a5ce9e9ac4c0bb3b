package io.tollgate.portal;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.tollgate.http.HeaderNames;

/**
 * Every portal answer: never cached (they carry form tokens and personal details), never
 * framed (no clickjacking of the sign-in forms), and no script or remote resource allowed.
 */
public class PortalHeaders {

    @ServerResponseFilter
    public void secure(ContainerResponseContext response) {
        var headers = response.getHeaders();
        if (!headers.containsKey(HttpHeaders.CACHE_CONTROL)) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        headers.putSingle(HeaderNames.X_FRAME_OPTIONS, "DENY");
        headers.putSingle(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        headers.putSingle(HeaderNames.REFERRER_POLICY, "same-origin");
        headers.putSingle(HeaderNames.CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
    }
}
