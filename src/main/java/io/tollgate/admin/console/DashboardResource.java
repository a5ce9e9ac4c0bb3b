package io.tollgate.admin.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.Dashboard;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.PortalConfig;
import io.tollgate.portal.PortalRequest;
import io.vertx.core.http.HttpServerRequest;

/** The console's dashboard, and its stylesheet. */
@Path(PortalConfig.INTERNAL_PREFIX + "/admin")
public class DashboardResource {

    private static final String STYLESHEET = resource("/portal/console.css");

    private final ConsoleAccess access;
    private final ConsolePages pages;
    private final Dashboard dashboard;
    private final RequestPolicy policy;

    public DashboardResource(ConsoleAccess access, ConsolePages pages, Dashboard dashboard, RequestPolicy policy) {
        this.access = access;
        this.pages = pages;
        this.dashboard = dashboard;
        this.policy = policy;
    }

    @GET
    public Uni<Response> dashboard(HttpServerRequest http, @RestQuery String lang) {
        PortalRequest request = PortalRequest.of(http, policy);
        return access.show(request, lang, "", "dashboard", page -> {
            return dashboard.overview().map(overview -> ConsolePages.html(200, page, ConsolePages.Templates.dashboard(
                    page, overview, ActivityChart.render(overview.days(), ConsolePages.messages(page.lang())))));
        });
    }

    @GET
    @Path("/static/console.css")
    public Response stylesheet() {
        return Response.ok(STYLESHEET, "text/css; charset=utf-8").header("Cache-Control", "public, max-age=3600").build();
    }

    private static String resource(String name) {
        try (InputStream in = DashboardResource.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
