package io.tollgate.proxy;

import java.util.List;
import java.util.Locale;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/**
 * Rewrites the headers of a request about to be proxied: client-supplied identity and
 * forwarding claims are removed, hop-by-hop headers are dropped and X-Forwarded-* are set
 * from what the gateway itself saw.
 */
final class ForwardedHeaders {

    /**
     * Hop-by-hop headers (RFC 9110 §7.6.1) that the proxy library does not handle itself.
     * Connection, Upgrade and Transfer-Encoding stay: the library needs them to frame the
     * body and tunnel WebSockets, and drops them itself.
     */
    static final List<String> HOP_BY_HOP = List.of("keep-alive", "proxy-authenticate", "proxy-authorization",
            "proxy-connection", "te", "trailer");

    private final List<String> identityHeaders;

    ForwardedHeaders(GatewayConfig.IdentityHeadersConfig names) {
        this.identityHeaders = List.of(names.user(), names.groups(), names.email(), names.name());
    }

    /**
     * Applied to the incoming request itself, so the plain and the WebSocket paths of the
     * proxy both see the cleaned headers.
     */
    void prepare(HttpServerRequest request) {
        MultiMap headers = request.headers();
        for (String name : identityHeaders) {
            headers.remove(name);
        }
        removeConnectionListed(headers);
        for (String name : HOP_BY_HOP) {
            headers.remove(name);
        }
        // Until trusted proxies are configured, earlier forwarding claims come from the client and are dropped.
        headers.remove("forwarded");
        HostAndPort authority = request.authority();
        boolean tls = request.isSSL();
        SocketAddress peer = request.remoteAddress();
        headers.set("X-Forwarded-For", peer == null ? "unknown" : peer.hostAddress());
        headers.set("X-Forwarded-Proto", tls ? "https" : "http");
        if (authority != null) {
            headers.set("X-Forwarded-Host", authority.toString());
            headers.set("X-Forwarded-Port", Integer.toString(authority.port() > 0 ? authority.port() : tls ? 443 : 80));
        } else {
            headers.remove("X-Forwarded-Host");
            headers.set("X-Forwarded-Port", Integer.toString(request.localAddress() == null
                    ? (tls ? 443 : 80) : request.localAddress().port()));
        }
    }

    /** Response side: the upstream's hop-by-hop headers concern only its hop. */
    static void cleanResponse(MultiMap headers) {
        removeConnectionListed(headers);
        headers.remove("connection");
        headers.remove("upgrade");
        for (String name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    /** Headers named in Connection are hop-by-hop too; those that frame the message are kept. */
    private static void removeConnectionListed(MultiMap headers) {
        for (String value : headers.getAll("connection")) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!FRAMING.contains(name)) {
                    headers.remove(name);
                }
            }
        }
    }

    private static final List<String> FRAMING = List.of("", "connection", "upgrade", "transfer-encoding",
            "content-length", "host");
}
