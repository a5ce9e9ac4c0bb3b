package io.tollgate.portal;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.session.Session;
import io.vertx.core.http.HttpServerRequest;

/**
 * The pages about recovery codes that follow a form, each reached by a redirect so that a
 * reload or Back never posts again: a new set (after the first authenticator, or "make a new
 * set"), shown until the user says it is written down, and the warning that few codes are left
 * at the end of a sign-in.
 */
@Path(PortalConfig.INTERNAL_PREFIX)
public class RecoveryCodesResource {

    private final PortalSessions portal;
    private final SelfService self;
    private final RequestPolicy policy;
    private final ConfirmedChanges changes;
    private final PortalBrand brand;

    public RecoveryCodesResource(PortalSessions portal, SelfService self, RequestPolicy policy,
            ConfirmedChanges changes, PortalBrand brand) {
        this.brand = brand;
        this.portal = portal;
        this.self = self;
        this.policy = policy;
        this.changes = changes;
    }

    /**
     * The set waiting to be written down; with none, on to the return address. Only a session
     * with every step done and a recent code sees it.
     */
    @GET
    @Path("/recovery-codes")
    public Uni<Response> newSet(HttpServerRequest http, @RestQuery String rd, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        String target = portal.safe(rd, request);
        return portal.current(request).flatMap(current -> {
            Session session = current.session();
            if (!session.satisfiesTwoFactor()) {
                // Signed in again (a second click lost the new session): the set is still there after it.
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session,
                        portal.links().page("recovery-codes", target)), current.cookies()));
            }
            return self.confirmedRecently(session).flatMap(confirmed -> !confirmed
                    ? Uni.createFrom().item(changes.askFirst("recovery-codes"))
                    : self.unsavedRecoveryCodes(session).map(codes -> {
                        if (codes.isEmpty()) {
                            return PortalPages.seeOther(portal.next(session, target), Language.cookies(lang, current.cookies()));
                        }
                        Page page = portal.page(request, "recovery-codes", session, target);
                        return PortalPages.ok(page, PortalPages.Templates.recoveryCodes(page, codes.get(),
                                download(request, codes.get())), Language.cookies(lang, current.cookies()));
                    }));
        });
    }

    /** "I have saved them": the set is no longer kept; on to the return address. */
    @POST
    @Path("/recovery-codes/saved")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> saved(HttpServerRequest http, @RestForm String csrf, @RestForm String rd) {
        PortalRequest request = PortalRequest.of(http, policy);
        String target = portal.safe(rd, request);
        return portal.form(request, csrf, target, session -> !session.satisfiesTwoFactor()
                ? Uni.createFrom().item(PortalPages.seeOther(portal.next(session, target)))
                : self.recoveryCodesSaved(session).map(v -> PortalPages.seeOther(portal.next(session, target))),
                changes::toLogin);
    }

    /** After a sign-in with few recovery codes left: how many, before going on. */
    @GET
    @Path("/codes-left")
    public Uni<Response> fewLeft(HttpServerRequest http, @RestQuery String rd, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        String target = portal.safe(rd, request);
        return portal.current(request).flatMap(current -> {
            Session session = current.session();
            if (!session.satisfiesTwoFactor()) {
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, target), current.cookies()));
            }
            return self.recoveryCodesLeft(session).map(counted -> {
                String next = portal.next(session, target);
                long left = counted.orElse(Long.MAX_VALUE);
                if (left > RecoveryCodes.LOW) {
                    return PortalPages.seeOther(next, Language.cookies(lang, current.cookies()));
                }
                Page page = portal.page(request, "codes-left", session, target);
                return PortalPages.ok(page, PortalPages.Templates.lowCodes(page, left, next),
                        Language.cookies(lang, current.cookies()));
            });
        });
    }

    /** The set as a text file, in a link: nothing more is stored or served for it. */
    private String download(PortalRequest request, List<String> codes) {
        PortalMessages m = PortalPages.messages(request.lang());
        StringBuilder text = new StringBuilder(m.codesFileHeader(brand.name())).append("\r\n\r\n");
        codes.forEach(code -> text.append(code).append("\r\n"));
        return "data:text/plain;charset=utf-8," + Page.encode(text.toString()).replace("+", "%20");
    }
}
