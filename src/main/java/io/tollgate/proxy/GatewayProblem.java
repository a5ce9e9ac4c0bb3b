package io.tollgate.proxy;

/** The answers the gateway gives itself instead of the upstream's. */
public enum GatewayProblem {
    BAD_REQUEST(400, "bad_request"),
    /** The body length is missing, repeated or ambiguous (request framing). */
    BAD_FRAMING(400, "bad_request"),
    NOT_IMPLEMENTED(501, "not_implemented"),
    UNAUTHORIZED(401, "unauthorized"),
    /** A bearer token or AuthKey that does not verify. */
    INVALID_CREDENTIALS(401, "invalid_token"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    BAD_GATEWAY(502, "bad_gateway"),
    SERVICE_UNAVAILABLE(503, "service_unavailable"),
    GATEWAY_TIMEOUT(504, "gateway_timeout");

    public final int status;
    public final String code;

    GatewayProblem(int status, String code) {
        this.status = status;
        this.code = code;
    }
}
