package io.tollgate.proxy;

/** The answers the gateway gives itself instead of the upstream's. */
public enum GatewayProblem {
    BAD_REQUEST(400, "bad_request"),
    /** The body length is missing, repeated or ambiguous (request framing). */
    BAD_FRAMING(400, "bad_request"),
    NOT_IMPLEMENTED(501, "not_implemented"),
    /** A sign-in or account form posted without a Content-Length (browsers always send one). */
    LENGTH_REQUIRED(411, "length_required"),
    /** A sign-in or account form larger than any the portal shows. */
    FORM_TOO_LARGE(413, "payload_too_large"),
    /** A sign-in or account form whose encoding is broken, not UTF-8, or holds a NUL. */
    FORM_MALFORMED(400, "bad_request"),
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
