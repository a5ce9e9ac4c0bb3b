package io.tollgate.policy;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
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
     * Who sent a request, worked out once per request.
     *
     * @param address the client's address: the peer, or what trusted proxies in front of us report
     * @param viaTrustedProxy whether the peer is a trusted proxy, whose X-Forwarded-* headers are believed
     */
    public record Client(String address, boolean viaTrustedProxy) {
    }

    public Client client(HttpServerRequest request) {
        String peer = peerOf(request);
        if (!proxies.trusts(peer)) {
            return new Client(peer, false);
        }
        return new Client(proxies.clientAddress(peer, request.headers().getAll("x-forwarded-for")), true);
    }

    private static String peerOf(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        return peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
    }
}
