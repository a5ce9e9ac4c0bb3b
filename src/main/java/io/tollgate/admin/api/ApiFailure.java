package io.tollgate.admin.api;

import java.util.Map;

/** An answer other than success, already decided: carried to {@link ApiErrors} as it is. */
class ApiFailure extends RuntimeException {

    final ApiProblem problem;
    final Map<String, String> headers;

    ApiFailure(int status, String error, String message) {
        this(status, error, message, Map.of());
    }

    ApiFailure(int status, String error, String message, Map<String, String> headers) {
        super(error + ": " + message, null, false, false);
        this.problem = new ApiProblem(status, error, message, Map.of());
        this.headers = Map.copyOf(headers);
    }

    static ApiFailure unauthenticated() {
        return new ApiFailure(401, "unauthenticated",
                "send an administrator's AuthKey (Authorization: AuthKey …) or bearer token",
                Map.of("WWW-Authenticate", "AuthKey, Bearer"));
    }

    static ApiFailure forbidden() {
        return new ApiFailure(403, "forbidden", "these credentials are not an administrator's");
    }

    static ApiFailure unavailable() {
        return new ApiFailure(503, "unavailable", "a store does not answer now; nothing was changed, try again",
                Map.of("Retry-After", "5"));
    }

    /** The database is read-only or out of space: it lasts until an operator acts, so no Retry-After. */
    static ApiFailure refusingWrites() {
        return new ApiFailure(503, "unavailable", "the database refuses changes now; nothing was changed",
                Map.of());
    }
}
