package io.tollgate.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tollgate.caller.AuthKeys;
import io.tollgate.caller.BearerTokens;
import io.tollgate.caller.Caller;
import io.tollgate.caller.CallerCheck;
import io.tollgate.http.LogSafe;
import io.tollgate.http.PathPrefix;
import io.tollgate.policy.AccessPolicy;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.PortalLinks;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.NearSessions;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.vertx.core.http.impl.HttpUtils;

/**
 * The one place that decides each request's fate: portal, or route → access rules → session →
 * allow with the user's identity, sign in, 403 or 404. The reverse proxy and every forward-auth
 * endpoint call it with the same {@link RequestFacts}, so the two modes cannot disagree.
 * <p>
 * {@link #screen} decides without waiting whatever needs no store (the portal, refusals, bypass,
 * deny); {@link #decide} goes on to the session. Runs on the event loop.
 */
@ApplicationScoped
public class Gate {

    private static final Logger LOG = Logger.getLogger(Gate.class);

    private static final boolean[] EXACT_THEN_FOLDED = { false, true };

    private final RouteTable routes;
    private final RequestPolicy policy;
    private final SessionStore sessions;
    private final PortalLinks links;
    private final String portalPrefix;
    private final BearerTokens bearerTokens;
    private final AuthKeys authKeys;
    private final NearSessions nearSessions;
    private final PolicySettingsSource settings;

    public Gate(GatewayConfig config, RequestPolicy policy, SessionStore sessions, PortalLinks links,
            BearerTokens bearerTokens, AuthKeys authKeys, NearSessions nearSessions, PolicySettingsSource settings) {
        this.nearSessions = nearSessions;
        this.settings = settings;
        this.routes = RouteTable.from(config.routes());
        this.bearerTokens = bearerTokens;
        this.authKeys = authKeys;
        this.policy = policy;
        this.sessions = sessions;
        this.links = links;
        this.portalPrefix = links.prefix();
    }

    public List<Route> routes() {
        return routes.routes();
    }

    /** The name the session cookie goes by: both modes read it from the request's cookies. */
    public String sessionCookieName() {
        return sessions.cookieName();
    }

    /** The whole decision. */
    public Uni<Verdict> decide(RequestFacts facts) {
        Verdict now = decideNow(facts);
        return now instanceof Verdict.Lookup lookup ? complete(facts, lookup) : Uni.createFrom().item(now);
    }

    /**
     * The verdict, when it can be reached without a store ({@link #screen}, then
     * {@link #completeNow}); else the {@link Verdict.Lookup} that {@link #complete} finishes.
     */
    public Verdict decideNow(RequestFacts facts) {
        Verdict screened = screen(facts);
        if (!(screened instanceof Verdict.Lookup lookup)) {
            return screened;
        }
        Verdict known = completeNow(facts, lookup);
        return known != null ? known : lookup;
    }

    /**
     * The verdict {@link #complete} would reach, when what it needs is already held by this
     * replica (a session in the near cache, a bearer token verified a moment ago) or is
     * missing (no session, no caller); null when a store must be asked. Most requests of a
     * signed-in user end here, without a reactive pipeline.
     */
    public Verdict completeNow(RequestFacts facts, Verdict.Lookup lookup) {
        Route route = lookup.route();
        String token = route.acceptBearer() && bearerTokens.enabled() ? BearerTokens.tokenOf(facts.authorization())
                : null;
        if (token != null) {
            Caller known = bearerTokens.rememberedOrNull(token);
            return known == null ? null : callerVerdict(route, new CallerCheck.Valid(known), true);
        }
        if (AuthKeys.keyOf(facts.authorization(), facts.authKey()) != null) {
            return null;
        }
        String id = sessionIdOf(facts);
        if (id == null) {
            return signIn(facts, route);
        }
        Session held = nearSessions.heldOrNull(id);
        if (held == null) {
            return null;
        }
        if (passedWithoutCode(held)) {
            PolicySettings inForce = settings.latestOrNull();
            if (inForce == null) {
                return null;
            }
            return verdict(held, inForce, lookup, facts);
        }
        return enough(held, lookup.access()) ? new Verdict.Allow(route, identityOf(held), held) : signIn(facts, route);
    }

    /** The session cookie's value, when it may count on this request (see {@link SessionStore#honouredOver}). */
    private String sessionIdOf(RequestFacts facts) {
        String id = facts.sessionId();
        return id == null || sessions.honouredOver(facts.scheme()) ? id : sessions.ignoredOverHttp(id);
    }

    /**
     * What can be decided without a store: every verdict but {@link Verdict.Lookup}, which
     * {@link #complete} finishes.
     */
    public Verdict screen(RequestFacts facts) {
        if (!isUpperCase(facts.method())) {
            // Methods are case-sensitive (RFC 9110 §9.1): rules are matched on the upper case,
            // but an upstream may read "get" as something else than GET.
            return new Verdict.Refuse(null, Verdict.Refusal.BAD_REQUEST, "a method not in upper case");
        }
        String uri = facts.target();
        int question = uri == null ? -1 : uri.indexOf('?');
        String rawPath = uri == null ? null : question < 0 ? uri : uri.substring(0, question);
        String query = question < 0 ? null : uri.substring(question + 1);
        RequestTarget target = RequestTarget.screen(uri, rawPath, normalized(rawPath), query);
        switch (target.verdict()) {
            case BAD_REQUEST -> {
                return new Verdict.Refuse(null, Verdict.Refusal.BAD_REQUEST, target.detail());
            }
            case REDIRECT -> {
                return new Verdict.Normalize(target.detail());
            }
            case ROUTE -> {
            }
        }
        if (forPortal(target)) {
            // Another reading of the portal's prefix (case, dots, full-width letters) is the portal's, not an app's.
            return PathPrefix.covers(portalPrefix, rawPath) ? new Verdict.Portal(rawPath)
                    : new Verdict.Refuse(null, Verdict.Refusal.NOT_FOUND, "a variant of the portal's prefix");
        }
        Choice choice = choose(facts.routingHost(), target, facts.clientAddress(), facts.method());
        if (choice == null) {
            return new Verdict.Refuse(null, Verdict.Refusal.NOT_FOUND, "no route");
        }
        return switch (choice.access()) {
            case BYPASS -> new Verdict.Allow(choice.route(), null, null);
            case DENY -> new Verdict.Refuse(choice.route(), Verdict.Refusal.FORBIDDEN, "denied");
            case ONE_FACTOR, TWO_FACTOR -> new Verdict.Lookup(choice.route(), choice.access());
        };
    }

    /**
     * Finishes a decision that needs a caller or the session. A bearer token (where the route
     * takes them and an issuer is configured) or an AuthKey stands instead of the session: it is
     * a 401 when it does not verify, never a sign-in page, and a valid one needs no TOTP.
     */
    public Uni<Verdict> complete(RequestFacts facts, Verdict.Lookup lookup) {
        Route route = lookup.route();
        String token = route.acceptBearer() && bearerTokens.enabled() ? BearerTokens.tokenOf(facts.authorization())
                : null;
        if (token != null) {
            return bearerTokens.verify(token).map(check -> callerVerdict(route, check, true))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("Bearer token not checked for %s: %s", route.name(), LogSafe.of(failure.getMessage()));
                        return new Verdict.Refuse(route, Verdict.Refusal.UNAVAILABLE, "token not checked");
                    });
        }
        String key = AuthKeys.keyOf(facts.authorization(), facts.authKey());
        if (key != null) {
            return authKeys.verify(key, route.name(), facts.clientAddress())
                    .map(check -> callerVerdict(route, check, false))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("AuthKey not checked for %s: %s", route.name(), LogSafe.of(failure.getMessage()));
                        return new Verdict.Refuse(route, Verdict.Refusal.UNAVAILABLE, "key store unavailable");
                    });
        }
        return nearSessions.find(sessionIdOf(facts)).flatMap(found -> {
            if (found.isPresent() && passedWithoutCode(found.get())) {
                return settings.current().map(inForce -> verdict(found.get(), inForce, lookup, facts));
            }
            Optional<Session> session = found.filter(s -> enough(s, lookup.access()));
            if (session.isPresent()) {
                return Uni.createFrom().item((Verdict) new Verdict.Allow(route, identityOf(session.get()), session.get()));
            }
            return Uni.createFrom().item(signIn(facts, route));
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("Session store unavailable for %s: %s", route.name(), LogSafe.of(failure.getMessage()));
            return new Verdict.Refuse(route, Verdict.Refusal.UNAVAILABLE, "session store unavailable");
        });
    }

    private static Verdict callerVerdict(Route route, CallerCheck check, boolean bearer) {
        if (check instanceof CallerCheck.Valid valid) {
            Caller caller = valid.caller();
            if (bearer && !caller.inAnyOf(route.bearerGroups())) {
                return new Verdict.Refuse(route, Verdict.Refusal.FORBIDDEN, "caller in none of the route's bearer groups");
            }
            return new Verdict.Allow(route, new Identity(caller.user(), caller.groups(), caller.name(), caller.email(),
                    caller.method(), null), null);
        }
        if (check instanceof CallerCheck.NotHere notHere) {
            return new Verdict.Refuse(route, Verdict.Refusal.FORBIDDEN, notHere.reason());
        }
        if (check instanceof CallerCheck.Unavailable unavailable) {
            return new Verdict.Refuse(route, Verdict.Refusal.UNAVAILABLE, unavailable.reason());
        }
        return new Verdict.Refuse(route, bearer ? Verdict.Refusal.INVALID_CREDENTIALS : Verdict.Refusal.INVALID_KEY,
                ((CallerCheck.Invalid) check).reason());
    }

    /** Signed in with the password alone, nothing pending: what the policy asks may have changed since. */
    private static boolean passedWithoutCode(Session session) {
        return session.level() == AuthLevel.ONE_FACTOR && session.pending() == Session.Pending.NONE;
    }

    /**
     * Such a session opens routes only as decided under the policy in force: after a change, the
     * portal decides again (the user may now owe a code or an enrollment) and sends the browser back.
     */
    private Verdict verdict(Session session, PolicySettings inForce, Verdict.Lookup lookup, RequestFacts facts) {
        if (session.passedWithoutCodeUnderAnotherPolicy(inForce.requirementStamp())) {
            return signIn(facts, lookup.route());
        }
        return enough(session, lookup.access()) ? new Verdict.Allow(lookup.route(), identityOf(session), session)
                : signIn(facts, lookup.route());
    }

    private static boolean enough(Session session, AccessPolicy access) {
        return access == AccessPolicy.ONE_FACTOR ? session.satisfiesOneFactor() : session.satisfiesTwoFactor();
    }

    /** Who the session stands for: its user, or the user an administrator acts as (named as impersonator). */
    private static Identity identityOf(Session session) {
        String method = session.level() == AuthLevel.TWO_FACTOR ? Identity.TWO_FACTOR : Identity.ONE_FACTOR;
        Optional<Session.Delegation> acting = session.delegation() == null ? Optional.empty()
                : session.actingAs(Instant.now());
        if (acting.isPresent()) {
            Session.Identity target = acting.get().identity();
            return new Identity(acting.get().username(), target.groups(), target.displayName(), target.email(), method,
                    session.username());
        }
        Session.Identity who = session.identity();
        return new Identity(session.username(), who.groups(), who.displayName(), who.email(), method, null);
    }

    /** To the portal, and back to this very request on the origin the browser used. */
    private Verdict signIn(RequestFacts facts, Route route) {
        String returnTo = facts.origin() + facts.target();
        // The portal's return-address rule, here too, judged from where the portal is served:
        // what it would not follow is not offered.
        String rd = links.safeTarget(returnTo, links.portalHost().orElse(facts.externalHost()), facts.scheme())
                .orElse(null);
        return new Verdict.SignIn(route, links.signIn(facts.scheme(), rd));
    }

    /** A route and what it asks of this request. */
    private record Choice(Route route, AccessPolicy access) {
    }

    /**
     * The route and policy of the strictest reading of the path, as sent or folded in case:
     * whatever an upstream makes of case, trailing dots or compatibility characters, it cannot
     * serve a protected path under a weaker policy. Ties go to the reading as sent.
     */
    private Choice choose(String host, RequestTarget target, String address, String method) {
        Choice best = null;
        for (String reading : target.readings()) {
            for (boolean ignoreCase : EXACT_THEN_FOLDED) {
                Route route = routes.match(host, reading, ignoreCase);
                if (route == null) {
                    continue;
                }
                AccessPolicy access = policy.decide(route.policy(), address, host, reading, method, ignoreCase);
                if (best == null || access.compareTo(best.access()) > 0) {
                    best = new Choice(route, access);
                }
            }
        }
        return best;
    }

    /** Any reading of the path under the portal prefix, in any case, is the portal's: never an app's. */
    private boolean forPortal(RequestTarget target) {
        for (String reading : target.readings()) {
            if (PathPrefix.covers(portalPrefix, reading, true)) {
                return true;
            }
        }
        return false;
    }

    /** The path as Vert.x Web normalises it (dot segments, needless escapes); null when it cannot be decoded. */
    private static String normalized(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        try {
            return HttpUtils.normalizePath(rawPath);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A token (RFC 9110 §5.6.2) without lower-case letters: what rules are matched on is what is sent. */
    private static boolean isUpperCase(String method) {
        if (method == null || method.isEmpty()) {
            return false;
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+.^_`|~-".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
