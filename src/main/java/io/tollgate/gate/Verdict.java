package io.tollgate.gate;

import io.tollgate.policy.AccessPolicy;
import io.tollgate.session.Session;

/** A request's fate, as the gate decided it; each mode turns it into its own answer. */
public sealed interface Verdict {

    /** The portal's own pages serve it; {@code path} is the normalised path. */
    record Portal(String path) implements Verdict {
    }

    /** The path is not in normal form: the client is sent to {@code location}, the form that would be routed. */
    record Normalize(String location) implements Verdict {
    }

    /**
     * Let through. {@code identity} is null for a bypass route or rule that nobody signed in to;
     * {@code session} is the browser session it was allowed on, if any.
     */
    record Allow(Route route, Identity identity, Session session) implements Verdict {
    }

    /** Nobody, or not enough: a browser signs in at {@code location}, which returns to the request. */
    record SignIn(Route route, String location) implements Verdict {
    }

    /** Refused; {@code route} is null when none matched, {@code detail} is for the debug log only. */
    record Refuse(Route route, Refusal refusal, String detail) implements Verdict {
    }

    /** Decided once a session or caller is looked up: what the route and rules ask of the request. */
    record Lookup(Route route, AccessPolicy access) implements Verdict {
    }

    enum Refusal {
        /** The request target cannot be routed as sent. */
        BAD_REQUEST,
        /** No route takes it, or another reading of the portal's prefix. */
        NOT_FOUND,
        /** A deny route or rule, or a caller without a group the route asks for. */
        FORBIDDEN,
        /** A bearer token that does not verify: 401 with a Bearer challenge, never a sign-in page. */
        INVALID_CREDENTIALS,
        /** An AuthKey that is wrong, expired, revoked or its owner's no longer: 401 with an AuthKey challenge. */
        INVALID_KEY,
        /** A store the decision needs is unreachable: fail closed. */
        UNAVAILABLE
    }
}
