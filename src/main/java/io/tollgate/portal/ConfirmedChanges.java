package io.tollgate.portal;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.tollgate.caller.KeysToShow;
import io.tollgate.session.Session;
import io.tollgate.signin.CodeStep;
import io.tollgate.signin.SignInResult;
import io.tollgate.totp.TotpSettings;
import io.vertx.core.Vertx;

/**
 * The one rule for every change a signed-in user makes to their account (authenticators,
 * browsers, sessions, keys, acting as someone): a form from this site with its token, a
 * session with every step done, and a code accepted in the last ten minutes. Without a recent
 * code the code is asked first, on a form that carries the change itself (its action and
 * fields), so that the change is carried out once the code is accepted and nothing typed is
 * lost — also through the form's language switch ({@link PendingChanges}). A lost session goes
 * to the login page.
 */
@ApplicationScoped
public class ConfirmedChanges {

    /** The pages that ask for the code before they show anything, and come back after it. */
    private static final Map<String, String> COME_BACK_TO = Map.of("keys", "/account/keys/new", "enroll", "/enroll",
            "act-as", "/act-as", "recovery-codes", "/recovery-codes");
    /** Followed by a new-key form's id: that key's page. */
    private static final String NEW_KEY = "key-";

    private final PortalSessions portal;
    private final SelfService self;
    private final CodeStep codes;
    private final TotpSettings totp;
    private final Vertx vertx;
    private final PendingChanges pendingChanges;

    public ConfirmedChanges(PortalSessions portal, SelfService self, CodeStep codes, TotpSettings totp, Vertx vertx,
            PendingChanges pendingChanges) {
        this.vertx = vertx;
        this.pendingChanges = pendingChanges;
        this.portal = portal;
        this.self = self;
        this.codes = codes;
        this.totp = totp;
    }

    /**
     * @param code the code typed on the confirmation form, null when the change comes from its
     *        own page
     */
    public Uni<Response> apply(PortalRequest request, String csrf, String code, PendingChange pending,
            Function<Session, Uni<Response>> change) {
        return apply(request, csrf, code, pending, change, false);
    }

    /**
     * As {@link #apply}, for a change that knows when it is asked again (a new key, by its form's
     * id): a code form sent twice leads both posts to the change's own answer, not the account page.
     */
    public Uni<Response> applyRepeatable(PortalRequest request, String csrf, String code, PendingChange pending,
            Function<Session, Uni<Response>> change) {
        return apply(request, csrf, code, pending, change, true);
    }

    private Uni<Response> apply(PortalRequest request, String csrf, String code, PendingChange pending,
            Function<Session, Uni<Response>> change, boolean repeatable) {
        return portal.form(request, csrf, null, session -> {
            if (!session.satisfiesTwoFactor()) {
                return toLogin();
            }
            return self.confirmedRecently(session).flatMap(confirmed -> {
                if (confirmed) {
                    return change.apply(session);
                }
                if (code == null) {
                    return changeForm(request, session, pending, null, 200);
                }
                return codes.confirm(request.client(), session, code).flatMap(result -> {
                    if (result instanceof SignInResult.Passed passed) {
                        return change.apply(passed.session());
                    }
                    if (result instanceof SignInResult.SignedOut) {
                        return Uni.createFrom().item(portal.signedOut());
                    }
                    if (result instanceof SignInResult.Unavailable) {
                        return Uni.createFrom().item(PortalErrors.unavailable(page(request, session)));
                    }
                    if (result instanceof SignInResult.Replay) {
                        // The same form sent twice: the other post's code was accepted and made the change.
                        Supplier<Response> refused = () -> form(request, session, pending,
                                CodeRefusal.of(result, PortalPages.messages(request.lang()), totp.digits(), false).error(),
                                401);
                        return repeatable ? repeatedAfterTheOtherPost(request, change, refused)
                                : madeByTheOtherPost(request, refused);
                    }
                    CodeRefusal refusal = CodeRefusal.of(result, PortalPages.messages(request.lang()), totp.digits(),
                            false);
                    return changeForm(request, session, pending, refusal.error(), refusal.status());
                });
            });
        }, this::toLogin);
    }

    /** The code form on its own: after the code, back to {@code then}'s page, else the account page. */
    public Response form(PortalRequest request, Session session, String then, String error, int status) {
        return form(request, session, PendingChange.of("account/confirm", "then", comesBack(then) ? then : null),
                error, status);
    }

    /**
     * The code form of a change shown again by its kept id (its language switch); with no such
     * change for this session, the code form on its own.
     */
    public Uni<Response> keptForm(PortalRequest request, Session session, String id) {
        return pendingChanges.find(session, id).map(kept -> kept
                .map(pending -> render(request, session, "account/confirm/pending/" + id, pending, null, 200))
                .orElseGet(() -> form(request, session, (String) null, null, 200)));
    }

    /** Where the code form on its own leads after the code. */
    public String afterCode(String then) {
        if (!comesBack(then)) {
            return portal.links().prefix() + "/account?done=confirmed";
        }
        return portal.links().prefix() + (then.startsWith(NEW_KEY) ? "/account/keys/created/"
                + then.substring(NEW_KEY.length()) : COME_BACK_TO.get(then));
    }

    /** The {@code then} of a new key's page: a key made under another session's code, or an older one. */
    public static String newKey(String form) {
        return NEW_KEY + form;
    }

    /** Whether {@code then} names a page to come back to (Map.of refuses to look up null). */
    private static boolean comesBack(String then) {
        return then != null && (COME_BACK_TO.containsKey(then)
                || then.startsWith(NEW_KEY) && KeysToShow.wellFormed(then.substring(NEW_KEY.length())));
    }

    /** Asks for the code before showing a page; {@code then} names the page to come back to. */
    public Response askFirst(String then) {
        return PortalPages.seeOther(portal.links().prefix() + "/account/confirm?then=" + then);
    }

    /**
     * A code refused as already used while the session has meanwhile got a recent code: the
     * same form was sent twice and the other post did what was asked. On to the account page
     * (once), instead of the code form that would make the user do it again.
     */
    public Uni<Response> madeByTheOtherPost(PortalRequest request, Supplier<Response> otherwise) {
        // The other post may have used the code and not yet recorded it in the session.
        return TwinPosts.done(vertx, () -> confirmedNow(request), TwinPosts.WAITS)
                .map(made -> made ? PortalPages.seeOther(portal.links().prefix() + "/account") : otherwise.get());
    }

    /** The other post has confirmed the code: this one asks for the change too, which knows it is a repeat. */
    private Uni<Response> repeatedAfterTheOtherPost(PortalRequest request, Function<Session, Uni<Response>> change,
            Supplier<Response> otherwise) {
        return TwinPosts.done(vertx, () -> confirmedNow(request), TwinPosts.WAITS).flatMap(made -> made
                ? portal.current(request).flatMap(current -> change.apply(current.session()))
                : Uni.createFrom().item(otherwise.get()));
    }

    private Uni<Boolean> confirmedNow(PortalRequest request) {
        return portal.current(request).flatMap(current -> current.session().satisfiesTwoFactor()
                ? self.confirmedRecently(current.session()) : Uni.createFrom().item(false));
    }

    /** Where a form without a live session goes. */
    public Uni<Response> toLogin() {
        return Uni.createFrom().item(PortalPages.seeOther(portal.links().page("login", null)));
    }

    private Response form(PortalRequest request, Session session, PendingChange pending, String error, int status) {
        return render(request, session, "account/confirm", pending, error, status);
    }

    /** The code form of a change, kept first so that its language switch can show it again. */
    private Uni<Response> changeForm(PortalRequest request, Session session, PendingChange pending, String error,
            int status) {
        return pendingChanges.keep(session, pending).map(id -> render(request, session,
                id.map(kept -> "account/confirm/pending/" + kept).orElse("account/confirm"), pending, error, status));
    }

    private Response render(PortalRequest request, Session session, String pageName, PendingChange pending,
            String error, int status) {
        Page page = portal.page(request, pageName, session, null);
        return PortalPages.html(status, page, PortalPages.Templates.confirm(page, error, pending));
    }

    private Page page(PortalRequest request, Session session) {
        return portal.page(request, "account/confirm", session, null);
    }
}
