package io.tollgate.http;

/**
 * Header names Tollgate reads or writes that neither Vert.x ({@code io.vertx.core.http.HttpHeaders})
 * nor JAX-RS ({@code jakarta.ws.rs.core.HttpHeaders}) names; lower case, as HTTP/2 sends them.
 */
public final class HeaderNames {

    public static final String X_FORWARDED_FOR = "x-forwarded-for";
    public static final String X_FORWARDED_PROTO = "x-forwarded-proto";
    public static final String X_FORWARDED_HOST = "x-forwarded-host";
    public static final String X_FORWARDED_PORT = "x-forwarded-port";
    public static final String X_FORWARDED_METHOD = "x-forwarded-method";
    public static final String X_FORWARDED_URI = "x-forwarded-uri";
    public static final String X_ORIGINAL_URL = "x-original-url";
    public static final String X_ORIGINAL_METHOD = "x-original-method";
    public static final String X_AUTH_KEY = "x-auth-key";
    public static final String X_REQUESTED_WITH = "x-requested-with";
    public static final String SEC_WEBSOCKET_KEY = "sec-websocket-key";
    public static final String SEC_WEBSOCKET_ACCEPT = "sec-websocket-accept";
    public static final String SEC_FETCH_SITE = "sec-fetch-site";
    public static final String WWW_AUTHENTICATE = "www-authenticate";
    public static final String X_FRAME_OPTIONS = "x-frame-options";
    public static final String X_CONTENT_TYPE_OPTIONS = "x-content-type-options";
    public static final String REFERRER_POLICY = "referrer-policy";
    public static final String CONTENT_SECURITY_POLICY = "content-security-policy";

    private HeaderNames() {
    }
}
