package io.tollgate.portal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.session.Session;
import io.tollgate.signin.DelegationStep;
import io.vertx.core.http.HttpServerRequest;

/**
 * Acting as another user (delegation): the form an administrator names the user on, the start
 * (behind a recent code, like every change), and "stop", which the banner on every portal page
 * offers. The decision itself lives in {@link DelegationStep}.
 */
@Path(PortalConfig.INTERNAL_PREFIX + "/act-as")
public class ActAsResource {

    @CheckedTemplate(basePath = "Portal")
    static class Templates {
        static native TemplateInstance actAs(Page page, Long minutes, String username, String error);
    }

    private final PortalSessions portal;
    private final SelfService self;
    private final DelegationStep delegation;
    private final RequestPolicy policy;
    private final ConfirmedChanges changes;

    public ActAsResource(PortalSessions portal, SelfService self, DelegationStep delegation, RequestPolicy policy,
            ConfirmedChanges changes) {
        this.changes = changes;
        this.portal = portal;
        this.self = self;
        this.delegation = delegation;
        this.policy = policy;
    }

    @GET
    public Uni<Response> form(HttpServerRequest http, @RestQuery String lang, @RestQuery String username) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        return portal.current(request).flatMap(current -> {
            Session session = current.session();
            if (!session.satisfiesTwoFactor()) {
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, portal.links().prefix() + "/act-as")));
            }
            if (!delegation.allowed(session)) {
                return Uni.createFrom().item(notAllowed(request, session));
            }
            // The console's "act as this user" names the user; it is only shown back in the field.
            String named = username == null || username.length() > 128 ? "" : username;
            return self.confirmedRecently(session).map(confirmed -> confirmed ? page(request, session, named, null, 200)
                    : changes.askFirst("act-as"));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> start(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String username) {
        PortalRequest request = PortalRequest.of(http, policy);
        PortalMessages m = PortalPages.messages(request.lang());
        return changes.apply(request, csrf, code, PendingChange.of("act-as", "username", username), session -> !delegation.allowed(session)
                ? Uni.createFrom().item(notAllowed(request, session))
                : delegation.start(request.client(), session, username).map(started -> switch (started) {
                    case STARTED -> PortalPages.seeOther(portal.links().prefix() + "/");
                    case NOT_ALLOWED -> notAllowed(request, session);
                    case SELF -> page(request, session, username, m.actAsSelf(), 400);
                    case NO_SUCH_USER, DISABLED -> page(request, session, username, m.actAsNoSuchUser(), 400);
                }));
    }

    @POST
    @Path("/stop")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> stop(HttpServerRequest http, @RestForm String csrf) {
        PortalRequest request = PortalRequest.of(http, policy);
        return portal.form(request, csrf, null, session -> delegation.stop(request.client(), session)
                .map(stopped -> PortalPages.seeOther(portal.links().prefix() + "/")), changes::toLogin);
    }

    private Response page(PortalRequest request, Session session, String username, String error, int status) {
        Page page = portal.page(request, "act-as", session, null);
        return PortalPages.html(status, page, Templates.actAs(page, delegation.maxDuration().toMinutes(),
                username == null ? "" : username, error));
    }

    private Response notAllowed(PortalRequest request, Session session) {
        PortalMessages m = PortalPages.messages(request.lang());
        return PortalPages.message(403, portal.page(request, "act-as", session, null), m.actAsTitle(),
                m.actAsNotAllowed(), portal.links().prefix() + "/", m.backToAccount());
    }

}
