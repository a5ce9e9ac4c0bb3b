package io.tollgate.admin.console;

import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.Administrator;
import io.tollgate.portal.PortalPages;
import io.tollgate.portal.PortalRequest;
import io.tollgate.portal.PortalSessions;
import io.tollgate.session.Session;
import io.tollgate.signin.CodeStep;
import io.tollgate.signin.SignInResult;

/**
 * Every change in the console: a form from this site with its session's token, of an
 * administrator who may enter, and a code from the last ten minutes — asked in the same form, so
 * the change is carried out with the code and nothing typed is lost. A refused code answers the
 * form again with the reason.
 */
@ApplicationScoped
public class ConsoleChanges {

    /** The administrator at work, in the session the change runs in (a code given just now is in it). */
    public record Admin(Session session, Administrator administrator) {
    }

    private final PortalSessions portal;
    private final ConsoleAccess access;
    private final CodeStep codes;

    public ConsoleChanges(PortalSessions portal, ConsoleAccess access, CodeStep codes) {
        this.portal = portal;
        this.access = access;
        this.codes = codes;
    }

    /**
     * @param here the console page the form belongs to (to come back to after signing in)
     * @param change the change, once allowed
     * @param refused the form again, with a message on the code (the session's, for its token)
     */
    public Uni<Response> apply(PortalRequest request, String csrf, String code, String here,
            Function<Admin, Uni<Response>> change, BiFunction<Admin, String, Uni<Response>> refused) {
        ConsoleMessages m = ConsolePages.messages(request.lang());
        return portal.form(request, csrf, null, session -> access.judge(request, session, here).flatMap(entry -> {
            if (entry instanceof ConsoleAccess.Entry.Away away) {
                return Uni.createFrom().item(away.response());
            }
            ConsoleAccess.Entry.Admitted admitted = (ConsoleAccess.Entry.Admitted) entry;
            Admin admin = new Admin(admitted.session(), admitted.administrator());
            if (admitted.confirmed()) {
                return change.apply(admin);
            }
            if (code == null || code.isBlank()) {
                return refused.apply(admin, m.errCodeNeeded());
            }
            return codes.confirm(request.client(), admitted.session(), code).flatMap(result -> {
                if (result instanceof SignInResult.Passed passed) {
                    return change.apply(new Admin(passed.session(), admitted.administrator()));
                }
                if (result instanceof SignInResult.SignedOut) {
                    return Uni.createFrom().item(portal.signedOut());
                }
                if (result instanceof SignInResult.Unavailable) {
                    return refused.apply(admin, m.unavailable());
                }
                return refused.apply(admin, result instanceof SignInResult.Locked ? m.errCodeLocked() : m.errCodeWrong());
            });
        }), () -> Uni.createFrom().item(PortalPages.seeOther(portal.links().page("login", here))));
    }
}
