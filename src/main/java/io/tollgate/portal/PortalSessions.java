package io.tollgate.portal;

import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tollgate.device.DeviceCookies;
import io.tollgate.http.LogSafe;
import io.tollgate.session.Session;
import io.tollgate.signin.PolicyRecheckStep;
import io.tollgate.session.SessionCookies;
import io.tollgate.session.SessionStore;

/**
 * Sessions as the portal pages see them: a page always has one (anonymous if need be, for
 * its form token, kept in the cookie alone), and a form is taken only with its session's token
 * and from this site.
 */
@ApplicationScoped
public class PortalSessions {

    private static final Logger LOG = Logger.getLogger(PortalSessions.class);

    /** The session a page is shown with, and the cookie to send when it is new. */
    public record Current(Session session, NewCookie[] cookies) {
    }

    private final SessionStore sessions;
    private final SessionCookies cookies;
    private final PortalLinks links;

    private final PolicyRecheckStep recheck;

    public PortalSessions(SessionStore sessions, SessionCookies cookies, PortalLinks links, PolicyRecheckStep recheck) {
        this.recheck = recheck;
        this.sessions = sessions;
        this.cookies = cookies;
        this.links = links;
    }

    /**
     * An unknown, expired or altered cookie is replaced by a new anonymous one: no error, no store
     * write. A session that passed without a code under another policy is decided again first.
     */
    public Uni<Current> current(PortalRequest request) {
        Session.Client client = client(request);
        return sessions.find(sessionId(request), client).flatMap(found -> found.isPresent()
                ? recheck.recheck(found.get()).map(session -> session != null ? new Current(session, new NewCookie[0])
                        : anonymous(client))
                : Uni.createFrom().item(anonymous(client)));
    }

    private Current anonymous(Session.Client client) {
        Session created = sessions.anonymous(client);
        return new Current(created, new NewCookie[] { cookies.issue(created) });
    }

    private static Session.Client client(PortalRequest request) {
        return new Session.Client(request.clientAddress(), request.userAgent());
    }

    /**
     * Runs a form's action when it carries its session's token and did not come from another
     * site. The same form sent again a moment after it moved the session on (a double click,
     * a reload) is not an attack: it goes to the next step instead of an error.
     */
    public Uni<Response> form(PortalRequest request, String csrf, String rd, Function<Session, Uni<Response>> action,
            Supplier<Uni<Response>> whenNoSession) {
        if (request.crossSite()) {
            // What the client sent, escaped: it must not forge or break a log line.
            LOG.debugf("Form refused: cross-site (origin %s, fetch site %s)", LogSafe.of(request.origin()),
                    LogSafe.of(request.fetchSite()));
            return refused(request);
        }
        return sessions.lookup(sessionId(request), client(request)).flatMap(found -> {
            if (found instanceof SessionStore.Lookup.Live live) {
                return live.session().csrfMatches(csrf)
                        ? recheck.recheck(live.session()).flatMap(session -> session != null ? action.apply(session)
                                : whenNoSession.get())
                        : refused(request);
            }
            if (found instanceof SessionStore.Lookup.Superseded superseded) {
                return superseded.csrfMatches(csrf)
                        ? Uni.createFrom().item(PortalPages.seeOther(links.page("login", safe(rd, request))))
                        : refused(request);
            }
            return whenNoSession.get();
        });
    }

    /** The session cookie's value, under the name in use; none over plain http when cookies are Secure. */
    public String sessionId(PortalRequest request) {
        String id = cookies.read(request.cookies(), SessionCookies.NAME);
        return id == null || sessions.honouredOver(request.scheme()) ? id : sessions.ignoredOverHttp(id);
    }

    /** The trusted-device cookie's value, under the name in use. */
    public String deviceToken(PortalRequest request) {
        return cookies.read(request.cookies(), DeviceCookies.NAME);
    }

    /** Where a session goes next: its pending step, else the return address, else the portal home. */
    public String next(Session session, String rd) {
        if (!session.signedIn()) {
            return links.page("login", rd);
        }
        // At any level a pending step comes first: the same rule as Session#satisfiesTwoFactor.
        return switch (session.pending()) {
            case SECOND_FACTOR -> links.page("totp", rd);
            case ENROLLMENT_OPTIONAL -> links.page("setup", rd);
            case ENROLLMENT -> links.page("enroll", rd);
            case RENEWAL -> links.page("renew", rd);
            case NONE -> rd != null ? rd : links.prefix() + "/";
        };
    }

    public Page page(PortalRequest request, String name, Session session, String rd) {
        String actingAs = session == null ? null
                : session.actingAs(java.time.Instant.now()).map(Session.Delegation::username).orElse(null);
        return new Page(request.lang(), links.prefix(), name, session == null ? "" : session.csrfToken(), rd, actingAs);
    }

    /** The return address if it may be followed, else null. */
    public String safe(String rd, PortalRequest request) {
        return links.safeTarget(rd, request.host(), request.scheme()).orElse(null);
    }

    public NewCookie issue(Session session) {
        return cookies.issue(session);
    }

    /** The session ended under the user's feet (account disabled): back to the login page, cookie forgotten. */
    public Response signedOut() {
        return PortalPages.seeOther(links.page("login", null), cookies.clear());
    }

    public NewCookie clear() {
        return cookies.clear();
    }

    public PortalLinks links() {
        return links;
    }

    private Uni<Response> refused(PortalRequest request) {
        PortalMessages m = PortalPages.messages(request.lang());
        Page page = page(request, "login", null, null);
        return Uni.createFrom().item(PortalPages.message(403, page, m.csrfTitle(), m.csrfDetail(),
                links.page("login", null), m.backToSignIn()));
    }
}
