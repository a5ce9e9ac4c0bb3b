package io.tollgate.caller;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** JWT bearer callers: {@code tollgate.bearer.issuers.<name>.*}. No issuer: bearer tokens are the upstream's business. */
@ConfigMapping(prefix = "tollgate.bearer")
public interface BearerConfig {

    Map<String, IssuerConfig> issuers();

    interface IssuerConfig {

        /** The {@code iss} claim of this issuer's tokens, exactly. */
        String issuer();

        /** Where its public keys are published (JWKS), fetched at start and again for an unknown {@code kid}. */
        Optional<String> jwksUrl();

        /** A file holding its public key (PEM, {@code BEGIN PUBLIC KEY}) or key set (JWKS JSON). */
        Optional<String> publicKeyLocation();

        /** Accepted {@code aud} values, one of which a token must carry; required. */
        Optional<List<String>> audiences();

        /** Signature algorithms accepted; asymmetric only by default. */
        @WithDefault("RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA")
        List<String> algorithms();

        /** Leeway for {@code exp} and {@code nbf} between clocks. */
        @WithDefault("60s")
        Duration clockSkew();

        /** The claim naming the user: {@code sub} or, for example, {@code preferred_username}. */
        @WithDefault("sub")
        String userClaim();

        /** The claim listing the caller's groups (an array, or one string). */
        @WithDefault("groups")
        String groupsClaim();

        @WithDefault("email")
        String emailClaim();

        @WithDefault("name")
        String nameClaim();

        /** How often the key set at {@code jwks-url} is fetched again even without an unknown key id. */
        @WithDefault("10m")
        Duration jwksRefresh();
    }
}
