package io.tollgate.portal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The portal's stylesheet, the organisation's logo and the tabs' icon. Pages name them with the brand's
 * version in the address, so a browser keeps each for a day and asks again after a change.
 */
@Path(PortalConfig.INTERNAL_PREFIX + "/static")
public class PortalAssets {

    private static final String CACHE = "public, max-age=86400";

    private final PortalBrand brand;

    public PortalAssets(PortalBrand brand) {
        this.brand = brand;
    }

    @GET
    @Path("/portal.css")
    public Response stylesheet() {
        return Response.ok(brand.stylesheet(), "text/css; charset=utf-8").header(HttpHeaders.CACHE_CONTROL, CACHE).build();
    }

    @GET
    @Path("/logo")
    public Response logo() {
        if (!brand.hasLogo()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.ok(brand.logo(), brand.logoType()).header(HttpHeaders.CACHE_CONTROL, CACHE).build();
    }

    /** The tab's icon: the logo, else a square of the accent colour; pages name it, so no /favicon.ico is asked. */
    @GET
    @Path("/icon")
    public Response icon() {
        return brand.hasLogo() ? logo()
                : Response.ok(brand.icon(), "image/svg+xml").header(HttpHeaders.CACHE_CONTROL, CACHE).build();
    }
}
