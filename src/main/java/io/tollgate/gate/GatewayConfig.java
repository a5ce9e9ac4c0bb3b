package io.tollgate.gate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Routes and the identity header names (sent upstream in proxy mode, answered in forward-auth mode). Values are kept as
 * strings where a typo must produce our own message naming the key; {@link RouteTable}
 * validates them at start-up.
 */
@ConfigMapping(prefix = "tollgate")
public interface GatewayConfig {

    /** Routes by name: {@code tollgate.routes.<name>.*}. */
    Map<String, RouteConfig> routes();

    IdentityHeadersConfig identityHeaders();

    interface RouteConfig {
        /** Exact host, {@code *.example.com}, or {@code *} for any host. */
        @WithDefault("*")
        String host();

        @WithDefault("/")
        String pathPrefix();

        /**
         * The upstream base URL, http or https. Absent on a route that exists only for the
         * forward-auth endpoints (another proxy forwards its requests): the gateway answers 404 there.
         */
        Optional<String> upstream();

        /** bypass | one_factor | two_factor | deny. */
        @WithDefault("two_factor")
        String policy();

        /** Longest wait for the upstream to send something before answering 504. */
        @WithDefault("30s")
        Duration timeout();

        /** Send the client's Host header upstream instead of the upstream's own host. */
        @WithDefault("false")
        boolean preserveHost();

        /** Keep-alive connections kept open to this upstream (shared by routes to the same upstream: the largest wins). */
        @WithDefault("32")
        int poolSize();

        /** Idle upstream connections are closed after this, before the upstream closes them (the shortest wins). */
        @WithDefault("4s")
        Duration keepAliveTimeout();

        /** Whether a JWT bearer token from a configured issuer is accepted here instead of a session. */
        @WithDefault("true")
        boolean acceptBearer();

        /** Groups a bearer token must carry (one of them) to be accepted here; absent: any. */
        Optional<List<String>> bearerGroups();
    }

    interface IdentityHeadersConfig {
        @WithDefault("Remote-User")
        String user();

        @WithDefault("Remote-Groups")
        String groups();

        @WithDefault("Remote-Email")
        String email();

        @WithDefault("Remote-Name")
        String name();

        /** How the caller proved who they are: one_factor, two_factor, bearer or authkey. */
        @WithDefault("Remote-Auth-Method")
        String authMethod();

        /** The administrator acting as the user, when one is. */
        @WithDefault("Remote-Impersonator")
        String impersonator();
    }
}
