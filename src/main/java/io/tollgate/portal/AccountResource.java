package io.tollgate.portal;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.caller.AuthKey;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.tollgate.signin.CodeStep;
import io.tollgate.signin.SignInResult;
import io.tollgate.totp.TotpSettings;
import io.vertx.core.http.HttpServerRequest;

/**
 * The account page: authenticators, trusted browsers, recovery codes, keys and sessions, each change
 * behind a code accepted in the last ten minutes.
 */
@Path(PortalConfig.INTERNAL_PREFIX + "/account")
public class AccountResource {

    private final PortalSessions portal;
    private final SelfService self;
    private final CodeStep codes;
    private final RequestPolicy policy;
    private final TotpSettings totp;
    private final AccountKeys keys;
    private final ConfirmedChanges changes;

    public AccountResource(PortalSessions portal, SelfService self, CodeStep codes, RequestPolicy policy,
            TotpSettings totp, AccountKeys keys, ConfirmedChanges changes) {
        this.keys = keys;
        this.changes = changes;
        this.portal = portal;
        this.self = self;
        this.codes = codes;
        this.policy = policy;
        this.totp = totp;
    }

    @GET
    public Uni<Response> page(HttpServerRequest http, @RestQuery String done, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        return portal.current(request).flatMap(current -> {
            Session session = current.session();
            if (!session.satisfiesTwoFactor()) {
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, portal.links().prefix() + "/account"),
                        Language.cookies(lang, current.cookies())));
            }
            return self.overview(session, portal.deviceToken(request)).flatMap(overview -> keys.of(session)
                    .flatMap(authKeys -> self.confirmedRecently(session).map(confirmed -> {
                        Page page = portal.page(request, "account", session, null);
                        return PortalPages.ok(page, PortalPages.Templates.account(page,
                                view(request, session, overview, authKeys, confirmed, done)),
                                Language.cookies(lang, current.cookies()));
                    })));
        });
    }

    @GET
    @Path("/confirm")
    public Uni<Response> confirmPage(HttpServerRequest http, @RestQuery String lang, @RestQuery String then) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        return portal.current(request).map(current -> current.session().satisfiesTwoFactor()
                ? changes.form(request, current.session(), then, null, 200)
                : PortalPages.seeOther(portal.next(current.session(), null)));
    }

    /** The code form of a change, again (its language switch): the change is still carried. */
    @GET
    @Path("/confirm/pending/{id}")
    public Uni<Response> pendingConfirmPage(HttpServerRequest http, @RestPath String id, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        return portal.current(request).flatMap(current -> current.session().satisfiesTwoFactor()
                ? changes.keptForm(request, current.session(), id).map(page -> Language.remember(page, lang))
                : Uni.createFrom().item(PortalPages.seeOther(portal.next(current.session(), null))));
    }

    @POST
    @Path("/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> confirm(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String then) {
        PortalRequest request = PortalRequest.of(http, policy);
        PortalMessages m = PortalPages.messages(request.lang());
        return portal.form(request, csrf, null, session -> !session.satisfiesTwoFactor() ? toLogin()
                : codes.confirm(request.client(), session, code).flatMap(result -> {
                    if (result instanceof SignInResult.Passed) {
                        return Uni.createFrom().item(PortalPages.seeOther(changes.afterCode(then)));
                    }
                    if (result instanceof SignInResult.SignedOut) {
                        return Uni.createFrom().item(portal.signedOut());
                    }
                    if (result instanceof SignInResult.Unavailable) {
                        return Uni.createFrom().item(PortalErrors.unavailable(
                                portal.page(request, "account/confirm", session, null)));
                    }
                    CodeRefusal refusal = CodeRefusal.of(result, m, totp.digits(), false);
                    Response again = changes.form(request, session, then, refusal.error(), refusal.status());
                    return result instanceof SignInResult.Replay ? changes.madeByTheOtherPost(request, () -> again)
                            : Uni.createFrom().item(again);
                }), this::toLogin);
    }

    @POST
    @Path("/credentials/rename")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> rename(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String id, @RestForm String name) {
        return change(http, csrf, code, PendingChange.of("account/credentials/rename", "id", id, "name", name),
                (request, session) -> self.rename(request, session, uuid(id), name));
    }

    @POST
    @Path("/credentials/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> delete(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String id) {
        return change(http, csrf, code, PendingChange.of("account/credentials/delete", "id", id),
                (request, session) -> self.deleteCredential(request, session, uuid(id)));
    }

    @POST
    @Path("/two-step/off")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> turnOff(HttpServerRequest http, @RestForm String csrf, @RestForm String code) {
        return change(http, csrf, code, PendingChange.of("account/two-step/off"), self::turnOff);
    }

    @POST
    @Path("/devices/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revokeDevice(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String id) {
        return change(http, csrf, code, PendingChange.of("account/devices/revoke", "id", id),
                (request, session) -> self.revokeDevice(request, session, number(id)));
    }

    @POST
    @Path("/devices/revoke-others")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revokeOthers(HttpServerRequest http, @RestForm String csrf, @RestForm String code) {
        return change(http, csrf, code, PendingChange.of("account/devices/revoke-others"),
                (request, session) -> self.revokeOtherDevices(request, session, portal.deviceToken(request)));
    }

    @POST
    @Path("/sessions/end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> endSession(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String handle) {
        return change(http, csrf, code, PendingChange.of("account/sessions/end", "handle", handle),
                (request, session) -> self.endSession(request, session, handle));
    }

    @POST
    @Path("/sessions/end-others")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> endOtherSessions(HttpServerRequest http, @RestForm String csrf, @RestForm String code) {
        return change(http, csrf, code, PendingChange.of("account/sessions/end-others"), self::endOtherSessions);
    }

    @POST
    @Path("/recovery-codes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> regenerate(HttpServerRequest http, @RestForm String csrf, @RestForm String code) {
        PortalRequest request = PortalRequest.of(http, policy);
        // The new set is kept until it is written down: shown by a page of its own, reloads show the same set.
        return changes.apply(request, csrf, code, PendingChange.of("account/recovery-codes"),
                session -> self.regenerateRecoveryCodes(request, session)
                        .map(codes -> PortalPages.seeOther(portal.links().page("recovery-codes", account(null)))));
    }

    /** A change: from this site, fully signed in, confirmed by a recent code; then back to the page with its outcome. */
    private Uni<Response> change(HttpServerRequest http, String csrf, String code, PendingChange pending,
            BiFunction<PortalRequest, Session, Uni<SelfService.Change>> action) {
        PortalRequest request = PortalRequest.of(http, policy);
        return changes.apply(request, csrf, code, pending, session -> action.apply(request, session)
                .map(outcome -> PortalPages.seeOther(account(outcome.name().toLowerCase(Locale.ROOT)))));
    }

    private AccountView view(PortalRequest request, Session session, SelfService.Overview o,
            List<AuthKey> authKeys, boolean confirmed, String done) {
        PortalMessages m = PortalPages.messages(request.lang());
        String currentHandle = SessionStore.handle(session.id());
        String name = o.user().displayName != null ? o.user().displayName : o.user().username;
        String notice = null;
        String error = null;
        SelfService.Change change = parse(done);
        if (change != null) {
            switch (change) {
                case LAST_REQUIRED -> error = m.accountLastRequired();
                case NOT_FOUND -> error = m.accountNotFound();
                case INVALID_NAME -> error = m.errNameMissing();
                default -> notice = m.accountDone();
            }
        } else if ("confirmed".equals(done)) {
            notice = m.accountConfirmed();
        }
        return new AccountView(name,
                o.credentials().stream().map(AccountView.CredentialRow::of).toList(),
                o.devices().stream().map(d -> AccountView.DeviceRow.of(d, o.currentDevice().filter(d.id::equals)
                        .isPresent())).toList(),
                o.recoveryCodesLeft(), o.settings().recoveryCodesEnabled(),
                o.sessions().stream().map(s -> AccountView.SessionRow.of(s, s.handle().equals(currentHandle))).toList(),
                authKeys.stream().map(AccountView.KeyRow::of).toList(), o.required(), o.settings().devicesCanBeTrusted(), confirmed, notice, error,
                o.replays().stream().map(AccountView.ReplayRow::of).toList());
    }

    private String account(String done) {
        return portal.links().prefix() + "/account" + (done == null ? "" : "?done=" + done);
    }

    private Uni<Response> toLogin() {
        return Uni.createFrom().item(PortalPages.seeOther(portal.links().page("login", null)));
    }

    private static SelfService.Change parse(String done) {
        if (done == null) {
            return null;
        }
        for (SelfService.Change c : SelfService.Change.values()) {
            if (c.name().equalsIgnoreCase(done)) {
                return c;
            }
        }
        return null;
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (RuntimeException e) {
            return new UUID(0, 0);
        }
    }

    private static Long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (RuntimeException e) {
            return -1L;
        }
    }

}
