package io.tollgate.proxy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.tollgate.gate.Gate;
import io.tollgate.gate.GatewayConfig;
import io.tollgate.gate.RequestFacts;
import io.tollgate.gate.Verdict;
import io.tollgate.http.CookieHeader;
import io.tollgate.http.HeaderNames;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.PortalLinks;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Forward-auth mode: another proxy (nginx, Traefik, Caddy, HAProxy, Envoy) asks whether a
 * request may pass and proxies it itself. Each endpoint reads the original request from the
 * headers its proxies speak, asks the {@link Gate} exactly as proxy mode does, and answers in
 * that proxy's terms:
 * <ul>
 * <li>{@code <portal>/api/authz/forward-auth} (Traefik forwardAuth, Caddy forward_auth, HAProxy):
 * X-Forwarded-Method, -Proto, -Host, -Uri, -For; 200 with the identity headers, 302/303 to sign
 * in (401 for scripts), 401, 403, 404, 400 or 503</li>
 * <li>{@code <portal>/api/authz/auth-request} (nginx auth_request, ingress-nginx auth-url):
 * X-Original-URL, X-Original-Method, X-Forwarded-For; only 200, 401 (with the portal address
 * in Location when signing in helps) or 403</li>
 * <li>{@code <portal>/api/authz/ext-authz/<original path>} (Envoy HTTP ext_authz): the method
 * and Host of the check itself, X-Forwarded-Proto, X-Forwarded-For; answered like forward-auth</li>
 * </ul>
 * Only a trusted proxy ({@code tollgate.trusted-proxies}) may ask; anyone else, and any
 * missing or malformed forwarding header, gets 400 (403 on auth-request) — never 200.
 */
@ApplicationScoped
public class ForwardAuth {

    private static final Logger LOG = Logger.getLogger(ForwardAuth.class);

    static final String FORWARD_AUTH = "/api/authz/forward-auth";
    static final String AUTH_REQUEST = "/api/authz/auth-request";
    static final String EXT_AUTHZ = "/api/authz/ext-authz";

    /** RFC 9110 §5.6.2 token characters, as a method is written. */
    private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}");

    private enum Convention {
        FORWARD_AUTH, AUTH_REQUEST, EXT_AUTHZ
    }

    private final Gate gate;
    private final RequestPolicy policy;
    private final ForwardedHeaders identityHeaders;
    private final ProxyMetrics metrics;
    private final String portalPrefix;
    private final List<String> identityNames;

    public ForwardAuth(Gate gate, RequestPolicy policy, GatewayConfig config, ProxyMetrics metrics, PortalLinks links) {
        this.gate = gate;
        this.policy = policy;
        this.identityHeaders = new ForwardedHeaders(config.identityHeaders());
        this.metrics = metrics;
        this.portalPrefix = links.prefix();
        this.identityNames = ForwardedHeaders.identityHeaderNames(config.identityHeaders());
    }

    String portalPrefix() {
        return portalPrefix;
    }

    /** Whether the raw path names one of the endpoints (exactly: a variant is the portal's 404). */
    boolean takes(String path) {
        return path != null && path.startsWith(portalPrefix + "/api/authz/") && convention(path) != null;
    }

    private Convention convention(String path) {
        String rest = path.substring(portalPrefix.length());
        if (rest.equals(FORWARD_AUTH)) {
            return Convention.FORWARD_AUTH;
        }
        if (rest.equals(AUTH_REQUEST)) {
            return Convention.AUTH_REQUEST;
        }
        if (rest.startsWith(EXT_AUTHZ + "/")) {
            return Convention.EXT_AUTHZ;
        }
        return null;
    }

    void handle(RoutingContext rc, long start) {
        HttpServerRequest request = rc.request();
        Convention convention = convention(request.path());
        RequestPolicy.Client client = policy.client(request);
        String problem = null;
        RequestFacts facts = null;
        if (!client.viaTrustedProxy()) {
            problem = "the asking peer is not in tollgate.trusted-proxies";
        } else if (request.headers().get(HeaderNames.X_FORWARDED_FOR) == null) {
            problem = "X-Forwarded-For is missing";
        } else {
            Original original = switch (convention) {
                case FORWARD_AUTH -> fromForwardedHeaders(request.headers());
                case AUTH_REQUEST -> fromOriginalUrl(request.headers());
                case EXT_AUTHZ -> fromExtAuthz(request);
            };
            if (original.problem() != null) {
                problem = original.problem();
            } else {
                facts = facts(request, client, original);
            }
        }
        if (problem != null) {
            LOG.debugf("Forward-auth request refused: %s", problem);
            finish(rc, convention == Convention.AUTH_REQUEST ? 403 : 400, ProxyMetrics.NO_ROUTE, start);
            return;
        }
        RequestFacts asked = facts;
        Verdict now = gate.decideNow(asked);
        if (!(now instanceof Verdict.Lookup lookup)) {
            answer(rc, convention, asked, now, start);
            return;
        }
        request.pause();
        gate.complete(asked, lookup).subscribe().with(verdict -> {
            request.resume();
            answer(rc, convention, asked, verdict, start);
        }, failure -> {
            // Nothing may hang or pass: a decision that failed is a store that did not answer.
            LOG.warnf("Forward-auth decision failed: %s", io.tollgate.http.LogSafe.of(failure.getMessage()));
            request.resume();
            answer(rc, convention, asked, new Verdict.Refuse(null, Verdict.Refusal.UNAVAILABLE, "decision failed"),
                    start);
        });
    }

    /** The original request, or why it cannot be known. */
    private record Original(String method, String scheme, String host, String target, String problem) {

        static Original refused(String problem) {
            return new Original(null, null, null, null, problem);
        }
    }

    private static Original fromForwardedHeaders(MultiMap headers) {
        String method = single(headers, HeaderNames.X_FORWARDED_METHOD);
        String scheme = single(headers, HeaderNames.X_FORWARDED_PROTO);
        String host = single(headers, HeaderNames.X_FORWARDED_HOST);
        String uri = single(headers, HeaderNames.X_FORWARDED_URI);
        if (method == null || !METHOD.matcher(method).matches()) {
            return Original.refused("X-Forwarded-Method is missing, repeated or not a method");
        }
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return Original.refused("X-Forwarded-Proto is missing, repeated or neither http nor https");
        }
        if (host == null || !RequestPolicy.isHostAndPort(host.toLowerCase(Locale.ROOT))) {
            return Original.refused("X-Forwarded-Host is missing, repeated or not a host");
        }
        if (uri == null || !uri.startsWith("/")) {
            return Original.refused("X-Forwarded-Uri is missing, repeated or not a path");
        }
        return new Original(method, scheme.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT), uri, null);
    }

    private static Original fromOriginalUrl(MultiMap headers) {
        String method = single(headers, HeaderNames.X_ORIGINAL_METHOD);
        String url = single(headers, HeaderNames.X_ORIGINAL_URL);
        if (method == null || !METHOD.matcher(method).matches()) {
            return Original.refused("X-Original-Method is missing, repeated or not a method");
        }
        if (url == null) {
            return Original.refused("X-Original-URL is missing or repeated");
        }
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Original.refused("X-Original-URL is not an http or https URL");
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && url.charAt(authorityEnd) != '/' && url.charAt(authorityEnd) != '?') {
            authorityEnd++;
        }
        String host = url.substring(authorityStart, authorityEnd).toLowerCase(Locale.ROOT);
        if (!RequestPolicy.isHostAndPort(host)) {
            return Original.refused("X-Original-URL has no valid host");
        }
        // The path must follow the authority at once: nginx builds this header from the raw Host,
        // so "Host: app:80?x" would otherwise move the real path into a query and decide on "/".
        if (authorityEnd < url.length() && url.charAt(authorityEnd) != '/') {
            return Original.refused("X-Original-URL has no path after its host");
        }
        String target = authorityEnd == url.length() ? "/" : url.substring(authorityEnd);
        return new Original(method, scheme, host, target, null);
    }

    private Original fromExtAuthz(HttpServerRequest request) {
        String scheme = single(request.headers(), HeaderNames.X_FORWARDED_PROTO);
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return Original.refused("X-Forwarded-Proto is missing, repeated or neither http nor https");
        }
        String host = request.authority() == null ? null : request.authority().toString().toLowerCase(Locale.ROOT);
        if (host == null || !RequestPolicy.isHostAndPort(host)) {
            return Original.refused("the Host header is missing or not a host");
        }
        // The original target follows the prefix as sent, dot segments and all: the gate screens it.
        String target = request.uri().substring(portalPrefix.length() + EXT_AUTHZ.length());
        return new Original(request.method().name(), scheme.toLowerCase(Locale.ROOT), host, target, null);
    }

    /** The header's only value; null when absent, repeated or blank. */
    private static String single(MultiMap headers, String name) {
        List<String> values = headers.getAll(name);
        if (values.size() != 1 || values.get(0).isBlank()) {
            return null;
        }
        return values.get(0).trim();
    }

    private RequestFacts facts(HttpServerRequest request, RequestPolicy.Client client, Original original) {
        MultiMap headers = request.headers();
        String sessionId = CookieHeader.valueOf(headers, gate.sessionCookieName());
        return new RequestFacts(original.method(), original.scheme(), original.host(),
                RequestFacts.routingHost(original.host()), original.target(), client.address(),
                sessionId, headers.get(HttpHeaders.AUTHORIZATION),
                headers.get(HeaderNames.X_AUTH_KEY),
                RequestFacts.isApiClient(headers.get(HttpHeaders.ACCEPT), headers.get(HeaderNames.X_REQUESTED_WITH)));
    }

    /** The verdict in the asking proxy's terms; the same verdict proxy mode would carry out. */
    private void answer(RoutingContext rc, Convention convention, RequestFacts facts, Verdict verdict, long start) {
        HttpServerResponse response = rc.response();
        boolean authRequest = convention == Convention.AUTH_REQUEST;
        if (verdict instanceof Verdict.Allow allow) {
            // Every identity header is answered, empty for nobody: a proxy that copies them
            // then overwrites whatever the client sent under those names.
            for (String name : identityNames) {
                response.putHeader(name, "");
            }
            if (allow.identity() != null) {
                identityHeaders.identify(response.headers(), allow.identity());
            }
            finish(rc, 200, allow.route().name(), start);
        } else if (verdict instanceof Verdict.SignIn signIn) {
            String location = signIn.location();
            if (authRequest || facts.apiClient()) {
                // nginx turns an absolute Location into its redirect; a path would be an internal one.
                response.putHeader(HttpHeaders.LOCATION, location.startsWith("/") ? facts.origin() + location : location);
                response.putHeader(HeaderNames.WWW_AUTHENTICATE, Answers.signInChallenge(signIn.route()));
                finish(rc, 401, signIn.route().name(), start);
            } else {
                response.putHeader(HttpHeaders.LOCATION, location);
                finish(rc, Answers.signInStatus(facts.method()), signIn.route().name(), start);
            }
        } else if (verdict instanceof Verdict.Refuse refuse) {
            String routeName = refuse.route() == null ? ProxyMetrics.NO_ROUTE : refuse.route().name();
            LOG.debugf("Forward-auth refused (%s): %s", routeName, refuse.detail());
            Answers.decorate(response, refuse.refusal());
            int status = Answers.problem(refuse.refusal()).status;
            finish(rc, authRequest && status != 401 ? 403 : status, routeName, start);
        } else if (verdict instanceof Verdict.Normalize normalize && !authRequest) {
            response.putHeader(HttpHeaders.LOCATION, normalize.location());
            finish(rc, 308, ProxyMetrics.NO_ROUTE, start);
        } else {
            // A portal path on an application's host (the portal is served apart), or a path to
            // normalise where only 200, 401 and 403 may be answered: nothing to let through.
            finish(rc, authRequest ? 403 : 404, ProxyMetrics.NO_ROUTE, start);
        }
    }

    private void finish(RoutingContext rc, int status, String routeName, long start) {
        rc.addEndHandler(done -> metrics.record(routeName, status, start));
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
    }
}
