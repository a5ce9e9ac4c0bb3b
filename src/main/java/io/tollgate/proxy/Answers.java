package io.tollgate.proxy;

import io.tollgate.gate.Route;
import io.tollgate.gate.Verdict;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.tollgate.http.HeaderNames;

/** What both modes answer alike for a verdict: statuses, challenges and retry hints. */
final class Answers {

    /** RFC 6750 §3.1: the credentials were sent but do not verify. */
    static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

    /** The same for an AuthKey, in the scheme the caller used. */
    static final String INVALID_KEY_CHALLENGE = "AuthKey error=\"invalid_key\"";

    private Answers() {
    }

    /** 303 after a form or any other method, so the browser comes back with GET; 302 for GET and HEAD. */
    static int signInStatus(String method) {
        return method.equals("GET") || method.equals("HEAD") ? 302 : 303;
    }

    /** Where a script is told to sign in: the route's host as the realm. */
    static String signInChallenge(Route route) {
        return "Tollgate realm=\"" + route.host() + "\"";
    }

    static GatewayProblem problem(Verdict.Refusal refusal) {
        return switch (refusal) {
            case BAD_REQUEST -> GatewayProblem.BAD_REQUEST;
            case NOT_FOUND -> GatewayProblem.NOT_FOUND;
            case FORBIDDEN -> GatewayProblem.FORBIDDEN;
            case INVALID_CREDENTIALS, INVALID_KEY -> GatewayProblem.INVALID_CREDENTIALS;
            case UNAVAILABLE -> GatewayProblem.SERVICE_UNAVAILABLE;
        };
    }

    /** The headers a refusal carries besides its status. */
    static void decorate(HttpServerResponse response, Verdict.Refusal refusal) {
        if (refusal == Verdict.Refusal.INVALID_CREDENTIALS) {
            response.putHeader(HeaderNames.WWW_AUTHENTICATE, INVALID_TOKEN_CHALLENGE);
        } else if (refusal == Verdict.Refusal.INVALID_KEY) {
            response.putHeader(HeaderNames.WWW_AUTHENTICATE, INVALID_KEY_CHALLENGE);
        } else if (refusal == Verdict.Refusal.UNAVAILABLE) {
            response.putHeader(HttpHeaders.RETRY_AFTER, "5");
        }
    }
}
