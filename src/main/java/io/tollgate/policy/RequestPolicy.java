package io.tollgate.policy;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.tollgate.http.HeaderNames;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * What a request needs: the route's policy, unless an access rule matches first; and who the
 * client is, believing X-Forwarded-For only from a trusted proxy.
 */
@Startup // a bad rule stops start-up, not the first request
@ApplicationScoped
public class RequestPolicy {

    private static final Logger LOG = Logger.getLogger(RequestPolicy.class);

    private final AccessRules rules;
    private final TrustedProxies proxies;

    public RequestPolicy(AccessConfig config) {
        this.rules = AccessRules.from(config.accessRules().orElse(List.of()));
        try {
            this.proxies = TrustedProxies.of(config.trustedProxies().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.trusted-proxies: " + e.getMessage());
        }
        for (AccessRule rule : rules.rules()) {
            LOG.infof("Access %s", rule);
        }
    }

    public AccessPolicy decide(AccessPolicy routePolicy, String clientAddress, String host, String path, String method) {
        return decide(routePolicy, clientAddress, host, path, method, false);
    }

    /** @param ignoreCase whether rules' path expressions match letters in any case */
    public AccessPolicy decide(AccessPolicy routePolicy, String clientAddress, String host, String path, String method,
            boolean ignoreCase) {
        return rules.match(clientAddress, host, path, method, ignoreCase).map(rule -> {
            LOG.debugf("%s %s%s from %s: %s", method, host, path, clientAddress, rule);
            return rule.action();
        }).orElse(routePolicy);
    }

    /**
     * Who sent a request and where they think they are, worked out once per request.
     *
     * @param address the client's address: the peer, or what trusted proxies in front of us report
     * @param viaTrustedProxy whether the peer is a trusted proxy, whose X-Forwarded-* headers are believed
     * @param scheme the external scheme, {@code http} or {@code https}
     * @param host the external host and port as the browser addressed it, lower case; empty when unknown
     */
    public record Client(String address, boolean viaTrustedProxy, String scheme, String host) {

        /** The origin the browser sees, as in {@code https://wiki.example.com}. */
        public String origin() {
            return scheme + "://" + host;
        }
    }

    /** A host name or address literal with an optional port, as X-Forwarded-Host may carry it. */
    public static boolean isHostAndPort(String value) {
        return value != null && ExternalOrigin.isHost(value);
    }

    public Client client(HttpServerRequest request) {
        String peer = peerOf(request);
        boolean trusted = proxies.trusts(peer);
        String address = trusted ? proxies.clientAddress(peer, request.headers().getAll(HeaderNames.X_FORWARDED_FOR)) : peer;
        ExternalOrigin origin = ExternalOrigin.of(request, trusted);
        return new Client(address, trusted, origin.scheme(), origin.host());
    }

    private static String peerOf(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        return peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
    }
}
