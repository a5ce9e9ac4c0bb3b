package io.tollgate.portal;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.tollgate.session.Session;

/**
 * The one rule for every change a signed-in user makes to their account (authenticators,
 * browsers, sessions, keys, acting as someone): a form from this site with its token, a
 * session with every step done, and a code accepted in the last ten minutes — else the code
 * is asked first, and a lost session goes to the login page.
 */
@ApplicationScoped
public class ConfirmedChanges {

    private final PortalSessions portal;
    private final SelfService self;

    public ConfirmedChanges(PortalSessions portal, SelfService self) {
        this.portal = portal;
        this.self = self;
    }

    public Uni<Response> apply(PortalRequest request, String csrf, Function<Session, Uni<Response>> change) {
        return portal.form(request, csrf, null, session -> {
            if (!session.satisfiesTwoFactor()) {
                return toLogin();
            }
            return self.confirmedRecently(session).flatMap(confirmed -> confirmed ? change.apply(session)
                    : Uni.createFrom().item(PortalPages.seeOther(portal.links().prefix() + "/account/confirm")));
        }, this::toLogin);
    }

    /** Where a form without a live session goes. */
    public Uni<Response> toLogin() {
        return Uni.createFrom().item(PortalPages.seeOther(portal.links().page("login", null)));
    }
}
