package io.tollgate.portal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.session.Session;
import io.tollgate.signin.RecoveryCodeStep;
import io.tollgate.signin.SignInResult;
import io.vertx.core.http.HttpServerRequest;

/**
 * After every authenticator of a user expired: a recovery code, then enrollment of a new one.
 * Without a usable recovery code, the page says that an administrator must reset the user's
 * two-step verification; the password alone never leads to a new authenticator.
 */
@Path(PortalConfig.INTERNAL_PREFIX)
public class RenewalResource {

    private final PortalSessions portal;
    private final RecoveryCodeStep recoverySteps;
    private final RequestPolicy policy;

    public RenewalResource(PortalSessions portal, RecoveryCodeStep recoverySteps, RequestPolicy policy) {
        this.portal = portal;
        this.recoverySteps = recoverySteps;
        this.policy = policy;
    }

    @GET
    @Path("/renew")
    public Uni<Response> renewPage(HttpServerRequest http, @RestQuery String rd, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        String target = portal.safe(rd, request);
        return portal.current(request).flatMap(current -> renewing(current.session())
                ? page(request, current.session(), target, null, 200, Language.cookies(lang, current.cookies()))
                : next(current.session(), target));
    }

    @POST
    @Path("/renew")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> renew(HttpServerRequest http, @RestForm String csrf, @RestForm String rd,
            @RestForm String code) {
        PortalRequest request = PortalRequest.of(http, policy);
        String target = portal.safe(rd, request);
        return portal.form(request, csrf, target, session -> !renewing(session) ? next(session, target)
                : recoverySteps.usable(session).flatMap(usable -> !usable ? next(session, target)
                        : recoverySteps.use(request.client(), session, code, Session.Pending.ENROLLMENT)
                                .flatMap(result -> answer(request, session, target, result))),
                () -> Uni.createFrom().item(PortalPages.seeOther(portal.links().page("login", target))));
    }

    private Uni<Response> answer(PortalRequest request, Session session, String target, SignInResult result) {
        if (result instanceof SignInResult.Passed passed) {
            return Uni.createFrom().item(PortalPages.seeOther(portal.next(passed.session(), target),
                    portal.issue(passed.session())));
        }
        if (result instanceof SignInResult.SignedOut) {
            return Uni.createFrom().item(portal.signedOut());
        }
        if (result instanceof SignInResult.Unavailable) {
            return Uni.createFrom().item(PortalErrors.unavailable(portal.page(request, "renew", session, target)));
        }
        CodeRefusal refusal = CodeRefusal.of(result, PortalPages.messages(request.lang()), 0, true);
        return page(request, session, target, refusal.error(), refusal.status());
    }

    /** The recovery-code form, or the "ask an administrator" page when no code can be used. */
    private Uni<Response> page(PortalRequest request, Session session, String target, String error, int status,
            NewCookie... cookies) {
        PortalMessages m = PortalPages.messages(request.lang());
        Page page = portal.page(request, "renew", session, target);
        return recoverySteps.usable(session).map(usable -> usable
                ? PortalPages.html(status, page, PortalPages.Templates.renew(page, error), cookies)
                : PortalPages.message(status, page, m.renewTitle(), m.renewResetNeeded(),
                        portal.links().page("logout", null), m.signOut(), cookies));
    }


    private static boolean renewing(Session session) {
        return session.signedIn() && session.pending() == Session.Pending.RENEWAL;
    }

    private Uni<Response> next(Session session, String target) {
        return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, target)));
    }
}
