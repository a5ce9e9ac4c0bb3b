package io.tollgate.caller;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import io.vertx.core.Vertx;

/** One configured issuer of bearer tokens: what its tokens must be, and its keys. */
final class Issuer {

    /** Asymmetric signatures only: with an HMAC algorithm, anyone holding the public key could sign. */
    static final Set<String> ASYMMETRIC = Set.of(AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA512, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.EDDSA);

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    final String name;
    final String issuer;
    final IssuerKeys keys;
    private final BearerConfig.IssuerConfig config;
    private final AlgorithmConstraints algorithms;

    private Issuer(String name, BearerConfig.IssuerConfig config, IssuerKeys keys) {
        this.name = name;
        this.issuer = config.issuer();
        this.config = config;
        this.keys = keys;
        this.algorithms = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                config.algorithms().stream().map(String::trim).toArray(String[]::new));
    }

    /** @throws IllegalArgumentException naming each problem, keys relative to {@code tollgate.bearer.issuers.<name>} */
    static Issuer of(String name, BearerConfig.IssuerConfig config, Vertx vertx) {
        String key = "tollgate.bearer.issuers." + name;
        List<String> problems = new ArrayList<>();
        if (config.issuer().isBlank()) {
            problems.add(key + ".issuer: must not be empty");
        }
        for (String algorithm : config.algorithms()) {
            if (!ASYMMETRIC.contains(algorithm.trim())) {
                problems.add(key + ".algorithms: '" + algorithm.trim() + "' is not one of " + ASYMMETRIC
                        + " (symmetric and 'none' are never accepted)");
            }
        }
        if (config.audiences().map(List::isEmpty).orElse(true)) {
            problems.add(key + ".audiences: required (a token the issuer made for another service must not pass here)");
        }
        if (config.jwksUrl().isPresent() == config.publicKeyLocation().isPresent()) {
            problems.add(key + ": set exactly one of jwks-url and public-key-location");
        }
        if (config.clockSkew().isNegative() || config.clockSkew().toSeconds() > 600) {
            problems.add(key + ".clock-skew: must be between 0 and 10 minutes");
        }
        if (config.jwksRefresh().toSeconds() < 30) {
            problems.add(key + ".jwks-refresh: must be at least 30s");
        }
        URI url = null;
        if (config.jwksUrl().isPresent()) {
            try {
                url = URI.create(config.jwksUrl().get().trim());
                if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme()) || url.getHost() == null) {
                    problems.add(key + ".jwks-url: not an http(s) URL");
                } else if ("http".equals(url.getScheme()) && !LOOPBACK.contains(url.getHost())) {
                    // Keys fetched in clear from afar could be swapped on the way: anyone could then sign.
                    problems.add(key + ".jwks-url: must be https (plain http only to a loopback address)");
                }
            } catch (IllegalArgumentException e) {
                problems.add(key + ".jwks-url: not a URL");
            }
        }
        IssuerKeys keys = null;
        if (problems.isEmpty()) {
            try {
                keys = url != null ? IssuerKeys.fromUrl(name, vertx, url, config.jwksRefresh())
                        : IssuerKeys.fromFile(name, Path.of(config.publicKeyLocation().get().trim()));
            } catch (IllegalArgumentException e) {
                problems.add(key + ".public-key-location: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Issuer(name, config, keys);
    }

    /** The verifier for this issuer's tokens with the keys known now. */
    JwtConsumer consumer(List<JsonWebKey> current) {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
                .setExpectedIssuer(true, issuer)
                .setJwsAlgorithmConstraints(algorithms)
                .setVerificationKeyResolver(keys.resolver(current));
        builder.setExpectedAudience(true, config.audiences().orElseThrow().stream().map(String::trim)
                .toArray(String[]::new));
        return builder.build();
    }

    /** The caller the verified claims name; null when the user claim is missing. */
    Caller callerOf(JwtClaims claims) throws MalformedClaimException {
        String user = text(claims, config.userClaim());
        if (user == null || user.isBlank()) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        Object value = claims.getClaimValue(config.groupsClaim());
        if (value instanceof List<?> list) {
            for (Object group : list) {
                if (group instanceof String g && !g.isBlank()) {
                    groups.add(g);
                }
            }
        } else if (value instanceof String g && !g.isBlank()) {
            groups.add(g);
        }
        return new Caller(user, groups, text(claims, config.nameClaim()), text(claims, config.emailClaim()),
                "bearer");
    }

    private static String text(JwtClaims claims, String name) {
        Object value = claims.getClaimValue(name);
        return value instanceof String s ? s : null;
    }
}
