package io.tollgate.portal;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.tollgate.caller.KeysToShow;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.session.Session;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * A user's AuthKeys: the form that makes one (shown again with the typed values and field
 * errors when something is wrong), the page a redirect leads to that shows the new key until
 * the user says it is copied, and revocation; each behind a code accepted in the last ten
 * minutes, like every change on the account page.
 */
@Path(PortalConfig.INTERNAL_PREFIX + "/account/keys")
public class AccountKeysResource {

    @CheckedTemplate(basePath = "Portal")
    static class Templates {
        static native TemplateInstance newKey(Page page, AccountKeysView form);

        static native TemplateInstance keyCreated(Page page, String key, String name, String form);
    }

    private final PortalSessions portal;
    private final SelfService self;
    private final AccountKeys keys;
    private final RequestPolicy policy;
    private final ConfirmedChanges changes;
    private final Vertx vertx;

    public AccountKeysResource(PortalSessions portal, SelfService self, AccountKeys keys, RequestPolicy policy,
            ConfirmedChanges changes, Vertx vertx) {
        this.changes = changes;
        this.vertx = vertx;
        this.portal = portal;
        this.self = self;
        this.keys = keys;
        this.policy = policy;
    }

    @GET
    @Path("/new")
    public Uni<Response> form(HttpServerRequest http, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        return portal.current(request).flatMap(current -> {
            Session session = current.session();
            if (!session.satisfiesTwoFactor()) {
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, account())));
            }
            // The code comes first, so that nothing typed here is lost to it.
            return self.confirmedRecently(session).map(confirmed -> confirmed
                    ? formPage(request, session, AccountKeysView.empty(keys.routeNames()), 200)
                    : changes.askFirst("keys"));
        });
    }

    @POST
    @Path("/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String form, @RestForm String name, @RestForm String validity,
            @RestForm("route") List<String> routes) {
        PortalRequest request = PortalRequest.of(http, policy);
        PortalMessages m = PortalPages.messages(request.lang());
        PendingChange pending = PendingChange.of("account/keys/new", "form", form, "name", name, "validity", validity)
                .with("route", routes);
        return changes.applyRepeatable(request, csrf, code, pending, session -> keys.create(request, session, form, name, validity,
                routes, m).flatMap(outcome -> {
                    if (outcome.refused()) {
                        return Uni.createFrom().item(formPage(request, session, new AccountKeysView(name, validity,
                                routes == null ? List.of() : routes, keys.routeNames(), outcome.nameError(),
                                outcome.routesError(), KeysToShow.newFormId()), 400));
                    }
                    Response shownThere = PortalPages.seeOther(shownAt(outcome.form()));
                    if (!outcome.repeated()) {
                        return Uni.createFrom().item(shownThere);
                    }
                    // The same form sent again (a double click): on to the key its first post is making.
                    return made(session, outcome.form()).map(state -> shownThere);
                }));
    }

    /**
     * The key a form made, until the user says it is copied (or {@link KeysToShow#KEPT} has
     * passed); with none, the account page. Only its owner's sessions with a recent code see it.
     */
    @GET
    @Path("/created/{form}")
    public Uni<Response> created(HttpServerRequest http, @RestPath String form, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        if (!KeysToShow.wellFormed(form)) {
            return Uni.createFrom().item(PortalPages.seeOther(account()));
        }
        return portal.current(request).flatMap(current -> {
            Session session = current.session();
            if (!session.satisfiesTwoFactor()) {
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, shownAt(form)), current.cookies()));
            }
            return self.confirmedRecently(session).flatMap(confirmed -> !confirmed
                    ? Uni.createFrom().item(changes.askFirst(ConfirmedChanges.newKey(form)))
                    : made(session, form).map(state -> {
                        Page page = portal.page(request, "account/keys/created/" + form, session, null);
                        if (state instanceof KeysToShow.State.Ready ready) {
                            return PortalPages.ok(page, Templates.keyCreated(page, ready.key(), ready.name(), form),
                                    Language.cookies(lang, current.cookies()));
                        }
                        if (state instanceof KeysToShow.State.Making) {
                            // The form's first post is slow (its database): this page again in a moment.
                            PortalMessages m = PortalPages.messages(request.lang());
                            return PortalPages.message(200, page, m.keyMakingTitle(), m.keyMakingDetail(),
                                    shownAt(form), m.keyMakingShow());
                        }
                        return PortalPages.seeOther(account(), Language.cookies(lang, current.cookies()));
                    }));
        });
    }

    /** "I have copied it": the key is no longer kept for its page; on to the account page. */
    @POST
    @Path("/copied")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> copied(HttpServerRequest http, @RestForm String csrf, @RestForm String form) {
        PortalRequest request = PortalRequest.of(http, policy);
        return portal.form(request, csrf, account(), session -> !session.satisfiesTwoFactor()
                ? Uni.createFrom().item(PortalPages.seeOther(portal.next(session, account())))
                : keys.copied(session, form).map(v -> PortalPages.seeOther(account())), changes::toLogin);
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revoke(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String id) {
        PortalRequest request = PortalRequest.of(http, policy);
        return changes.apply(request, csrf, code, PendingChange.of("account/keys/revoke", "id", id), session -> keys.revoke(request, session, id)
                .map(outcome -> PortalPages.seeOther(account() + "?done=" + outcome.name().toLowerCase(java.util.Locale.ROOT))));
    }

    private Response formPage(PortalRequest request, Session session, AccountKeysView form, int status) {
        Page page = portal.page(request, "account/keys/new", session, null);
        return PortalPages.html(status, page, Templates.newKey(page, form));
    }

    /** What the form made, once its first post is done with it (or a second of waiting has passed). */
    private Uni<KeysToShow.State> made(Session session, String form) {
        KeysToShow.State[] last = { new KeysToShow.State.Gone() };
        return TwinPosts.done(vertx, () -> keys.toShow(session, form).map(state -> {
            last[0] = state;
            return !(state instanceof KeysToShow.State.Making);
        }), TwinPosts.WAITS).map(done -> last[0]);
    }

    private String shownAt(String form) {
        return portal.links().prefix() + "/account/keys/created/" + form;
    }

    private String account() {
        return portal.links().prefix() + "/account";
    }

}
