package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tollgate.account.User;
import io.tollgate.caller.AuthKeys;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.tollgate.testing.LoopbackIsATrustedProxy;
import io.tollgate.testing.TestAccounts;
import io.tollgate.testing.TestTokens;

/**
 * Proxy mode and the three forward-auth endpoints give the same decision for a table of
 * (route, access rule, client address, method, session level, bearer token, AuthKey) cases — and the decision
 * expected, so that four agreeing wrong answers still fail. Routes and rules:
 * {@link io.tollgate.testing.UpstreamTestResource}.
 */
@QuarkusTest
@TestProfile(LoopbackIsATrustedProxy.class)
class DecisionModesAgreeTest {

    enum Outcome {
        ALLOW, SIGN_IN, INVALID_CREDENTIALS, INVALID_KEY, FORBIDDEN, NOT_FOUND, BAD_REQUEST, NORMALIZE;

        /** What nginx's auth_request can be told: 200, 401 or 403. */
        Outcome asAuthRequest() {
            return this == ALLOW || this == SIGN_IN || this == INVALID_CREDENTIALS || this == INVALID_KEY ? this
                    : FORBIDDEN;
        }
    }

    enum Level {
        NONE, ONE_FACTOR, TWO_FACTOR
    }

    /** @param token a bearer token sent with the request, or null */
    record Case(String host, String method, String target, String clientAddress, Level level, String token,
            Outcome expected) {

        @Override
        public String toString() {
            return method + " " + host + target + " from " + clientAddress + ", session " + level
                    + (token == null ? "" : token.startsWith("key:") ? ", key " + token.substring(4, 16)
                            : ", token " + (token.length() > 20 ? "(signed)" : token));
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    static {
        for (Level level : Level.values()) {
            boolean one = level != Level.NONE;
            boolean two = level == Level.TWO_FACTOR;
            add("alpha.test", "GET", "/", "192.0.2.1", level, Outcome.ALLOW);
            add("alpha.test", "GET", "/private/x", "192.0.2.1", level, Outcome.FORBIDDEN);
            add("alpha.test", "GET", "/secure/page?x=1", "192.0.2.1", level, two ? Outcome.ALLOW : Outcome.SIGN_IN);
            add("alpha.test", "POST", "/secure/form", "192.0.2.1", level, two ? Outcome.ALLOW : Outcome.SIGN_IN);
            add("alpha.test", "GET", "/SECURE/page", "192.0.2.1", level, two ? Outcome.ALLOW : Outcome.SIGN_IN);
            add("alpha.test", "GET", "/office/x", "192.0.2.1", level, one ? Outcome.ALLOW : Outcome.SIGN_IN);
            add("alpha.test", "GET", "/secure/open/x", "192.0.2.1", level, Outcome.ALLOW);
            // Bypass from 10.0.0.0/8 only: the client address the proxy reports decides.
            add("alpha.test", "GET", "/secure/remote/x", "10.1.2.3", level, Outcome.ALLOW);
            add("alpha.test", "GET", "/secure/remote/x", "192.0.2.1", level, two ? Outcome.ALLOW : Outcome.SIGN_IN);
            add("alpha.test", "DELETE", "/secure/admin/x", "192.0.2.1", level, Outcome.FORBIDDEN);
            add("alpha.test", "GET", "/secure/admin/x", "192.0.2.1", level, two ? Outcome.ALLOW : Outcome.SIGN_IN);
            add("strict.test", "GET", "/docs/internal/a", "192.0.2.1", level, Outcome.FORBIDDEN);
            add("Alpha.Test", "GET", "/private/x", "192.0.2.1", level, Outcome.FORBIDDEN);
            add("nothing.test", "GET", "/", "192.0.2.1", level, Outcome.NOT_FOUND);
            add("alpha.test", "GET", "/public/../private/x", "192.0.2.1", level, Outcome.NORMALIZE);
            add("alpha.test", "GET", "/private%2fx", "192.0.2.1", level, Outcome.BAD_REQUEST);
            add("alpha.test", "GET", "/.TOLLGATE/login", "192.0.2.1", level, Outcome.NOT_FOUND);
            // Callers: a token stands instead of the session where the route takes tokens.
            String valid = TestTokens.mint("table-bot", "ci");
            String ops = TestTokens.mint("table-ops", "ops");
            caller("/secure/page", level, valid, Outcome.ALLOW);
            caller("/office/x", level, valid, Outcome.ALLOW);
            caller("/", level, "not-a-token", Outcome.ALLOW);
            caller("/private/x", level, valid, Outcome.FORBIDDEN);
            caller("/secure/page", level, "not-a-token", Outcome.INVALID_CREDENTIALS);
            caller("/secure/page", level, TestTokens.sign(TestTokens.claims("late-bot", Duration.ofMinutes(-5))),
                    Outcome.INVALID_CREDENTIALS);
            caller("/ops/deploy", level, valid, Outcome.FORBIDDEN);
            caller("/ops/deploy", level, ops, Outcome.ALLOW);
            caller("/own-tokens/x", level, valid, two ? Outcome.ALLOW : Outcome.SIGN_IN);
        }
    }

    private static void add(String host, String method, String target, String address, Level level, Outcome expected) {
        CASES.add(new Case(host, method, target, address, level, null, expected));
    }

    private static void caller(String target, Level level, String token, Outcome expected) {
        CASES.add(new Case("alpha.test", "GET", target, "192.0.2.1", level, token, expected));
    }

    @Inject
    SessionStore sessions;

    @Inject
    AuthKeys authKeys;

    @Inject
    TestAccounts accounts;

    private String oneFactor;
    private String twoFactor;

    @BeforeEach
    void sessions() throws Throwable {
        // The password only, a code still owed; then both factors.
        oneFactor = session(AuthLevel.ONE_FACTOR, Session.Pending.SECOND_FACTOR);
        twoFactor = session(AuthLevel.TWO_FACTOR, Session.Pending.NONE);
    }

    private String session(AuthLevel level, Session.Pending pending) throws Throwable {
        Session.Identity identity = new Session.Identity("Modes User", "modes@example.test", List.of("staff"), false, 0);
        return VertxContextSupport.subscribeAndAwait(() -> sessions.changeLevel(
                sessions.anonymous(Session.Client.UNKNOWN), "modes-user", level, identity, pending, true))
                .id();
    }

    /** AuthKey callers: made in the database, so added to the table when the test runs. */
    private List<Case> keyCases() {
        User owner = accounts.create("modes-" + UUID.randomUUID().toString().substring(0, 8), false, "automation");
        String any = TestAccounts.await(() -> authKeys.create(owner.id, "any", List.of(), null)).text();
        String officeOnly = TestAccounts.await(() -> authKeys.create(owner.id, "office", List.of("alpha-office"), null))
                .text();
        AuthKeys.Created revoked = TestAccounts.await(() -> authKeys.create(owner.id, "revoked", List.of(), null));
        TestAccounts.await(() -> authKeys.revoke(owner.id, revoked.key().id));
        List<Case> cases = new ArrayList<>();
        for (Level level : Level.values()) {
            cases.add(new Case("alpha.test", "GET", "/secure/page", "192.0.2.1", level, "key:" + any, Outcome.ALLOW));
            cases.add(new Case("alpha.test", "GET", "/private/x", "192.0.2.1", level, "key:" + any, Outcome.FORBIDDEN));
            cases.add(new Case("alpha.test", "GET", "/office/x", "192.0.2.1", level, "key:" + officeOnly, Outcome.ALLOW));
            cases.add(new Case("alpha.test", "GET", "/secure/page", "192.0.2.1", level, "key:" + officeOnly,
                    Outcome.FORBIDDEN));
            cases.add(new Case("alpha.test", "GET", "/secure/page", "192.0.2.1", level, "key:" + revoked.text(),
                    Outcome.INVALID_KEY));
        }
        return cases;
    }

    @Test
    void everyModeGivesTheExpectedDecisionForEveryCase() {
        List<String> wrong = new ArrayList<>();
        List<Case> all = new ArrayList<>(CASES);
        all.addAll(keyCases());
        for (Case c : all) {
            check(wrong, c, "proxy", proxy(c), c.expected());
            check(wrong, c, "forward-auth", forwardAuth(c), c.expected());
            check(wrong, c, "ext-authz", extAuthz(c), c.expected());
            check(wrong, c, "auth-request", authRequest(c), c.expected().asAuthRequest());
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(all.size() >= 90, "the table has its cases: " + all.size());
    }

    @Test
    void anAllowedSessionIsNamedTheSameInEveryMode() {
        Case c = new Case("alpha.test", "GET", "/secure/who", "192.0.2.1", Level.TWO_FACTOR, null, Outcome.ALLOW);
        Response upstream = request(c).header("Host", c.host()).header("X-Forwarded-For", c.clientAddress())
                .get(c.target());
        assertEquals("modes-user", upstream.jsonPath().getString("headers.remote-user"));
        assertEquals("two_factor", upstream.jsonPath().getString("headers.remote-auth-method"));
        for (Response answer : List.of(forwardAuthRequest(c), authRequestRequest(c), extAuthzRequest(c))) {
            assertEquals(200, answer.statusCode());
            assertEquals("modes-user", answer.header("Remote-User"));
            assertEquals("staff", answer.header("Remote-Groups"));
            assertEquals("modes@example.test", answer.header("Remote-Email"));
            assertEquals("Modes User", answer.header("Remote-Name"));
            assertEquals("two_factor", answer.header("Remote-Auth-Method"));
        }
    }

    private void check(List<String> wrong, Case c, String mode, Outcome actual, Outcome expected) {
        if (actual != expected) {
            wrong.add(mode + ": " + c + " gave " + actual + ", expected " + expected);
        }
    }

    private RequestSpecification request(Case c) {
        RequestSpecification spec = given().redirects().follow(false).urlEncodingEnabled(false);
        String cookie = cookieOf(c.level());
        if (cookie != null) {
            spec.cookie("tollgate_session", cookie);
        }
        if (c.token() != null && c.token().startsWith("key:")) {
            spec.header("X-Auth-Key", c.token().substring(4));
        } else if (c.token() != null) {
            spec.header("Authorization", "Bearer " + c.token());
        }
        return spec;
    }

    private String cookieOf(Level level) {
        return switch (level) {
            case NONE -> null;
            case ONE_FACTOR -> oneFactor;
            case TWO_FACTOR -> twoFactor;
        };
    }

    private Outcome proxy(Case c) {
        Response r = request(c).header("Host", c.host()).header("X-Forwarded-For", c.clientAddress())
                .request(c.method(), c.target());
        return switch (r.statusCode()) {
            case 200 -> r.header("X-Upstream") != null ? Outcome.ALLOW : null;
            case 302, 303 -> r.header("Location").contains("/.tollgate/login") ? Outcome.SIGN_IN : null;
            default -> common(r);
        };
    }

    private Response forwardAuthRequest(Case c) {
        return request(c).header("X-Forwarded-Method", c.method()).header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Host", c.host()).header("X-Forwarded-Uri", c.target())
                .header("X-Forwarded-For", c.clientAddress()).get("/.tollgate/api/authz/forward-auth");
    }

    private Outcome forwardAuth(Case c) {
        Response r = forwardAuthRequest(c);
        return switch (r.statusCode()) {
            case 200 -> Outcome.ALLOW;
            case 302, 303 -> r.header("Location").contains("/.tollgate/login") ? Outcome.SIGN_IN : null;
            default -> common(r);
        };
    }

    private Response extAuthzRequest(Case c) {
        return request(c).header("Host", c.host()).header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-For", c.clientAddress())
                .request(c.method(), "/.tollgate/api/authz/ext-authz" + c.target());
    }

    private Outcome extAuthz(Case c) {
        Response r = extAuthzRequest(c);
        return switch (r.statusCode()) {
            case 200 -> Outcome.ALLOW;
            case 302, 303 -> r.header("Location").contains("/.tollgate/login") ? Outcome.SIGN_IN : null;
            default -> common(r);
        };
    }

    private Response authRequestRequest(Case c) {
        return request(c).header("X-Original-URL", "http://" + c.host() + c.target())
                .header("X-Original-Method", c.method()).header("X-Forwarded-For", c.clientAddress())
                .get("/.tollgate/api/authz/auth-request");
    }

    private Outcome authRequest(Case c) {
        Response r = authRequestRequest(c);
        return switch (r.statusCode()) {
            case 200 -> Outcome.ALLOW;
            case 401 -> r.header("Location") == null ? common(r)
                    : r.header("Location").startsWith("http://") && r.header("Location").contains("/.tollgate/login")
                            ? Outcome.SIGN_IN : null;
            case 403 -> Outcome.FORBIDDEN;
            default -> null;
        };
    }

    private static Outcome common(Response r) {
        if (r.statusCode() == 401 && r.header("Location") == null) {
            String challenge = r.header("WWW-Authenticate");
            return "Bearer error=\"invalid_token\"".equals(challenge) ? Outcome.INVALID_CREDENTIALS
                    : "AuthKey error=\"invalid_key\"".equals(challenge) ? Outcome.INVALID_KEY : null;
        }
        return switch (r.statusCode()) {
            case 400 -> Outcome.BAD_REQUEST;
            case 403 -> Outcome.FORBIDDEN;
            case 404 -> Outcome.NOT_FOUND;
            case 308 -> Outcome.NORMALIZE;
            default -> null;
        };
    }
}
