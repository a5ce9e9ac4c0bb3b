package io.tollgate.totp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;

/** {@link TotpConfig}, validated at start-up: a bad value stops the gateway with the key named. */
@Startup
@Singleton
public class TotpSettings {

    /** Which user property labels the account in authenticator apps. */
    public enum LabelSource {
        USERNAME, EMAIL, DISPLAY_NAME
    }

    private final Optional<String> issuer;
    private final LabelSource label;
    private final HashAlgorithm algorithm;
    private final int digits;
    private final int period;
    private final int window;
    private final int secretBytes;

    public TotpSettings(TotpConfig config) {
        List<String> problems = new ArrayList<>();
        this.issuer = config.issuer().map(String::trim).filter(s -> !s.isEmpty());
        if (issuer.isPresent() && issuer.get().contains(":")) {
            problems.add("tollgate.totp.issuer: must not contain ':'");
        }
        LabelSource parsedLabel = null;
        try {
            parsedLabel = LabelSource.valueOf(config.label().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.add("tollgate.totp.label: '" + config.label() + "' is not one of username | email | display-name");
        }
        this.label = parsedLabel;
        this.algorithm = HashAlgorithm.parse(config.algorithm()).orElse(null);
        if (algorithm == null) {
            problems.add("tollgate.totp.algorithm: '" + config.algorithm() + "' is not one of SHA1 | SHA256 | SHA512");
        }
        this.digits = config.digits();
        if (digits < 6 || digits > 10) {
            problems.add("tollgate.totp.digits: must be 6 to 10, got " + digits);
        }
        this.period = config.period();
        if (period < 15 || period > 300) {
            problems.add("tollgate.totp.period: must be 15 to 300 seconds, got " + period);
        }
        this.window = config.window();
        if (window < 0 || window > 10) {
            problems.add("tollgate.totp.window: must be 0 to 10 steps, got " + window);
        }
        this.secretBytes = config.secretLength().orElse(algorithm == null ? 20 : algorithm.defaultSecretBytes);
        if (secretBytes < Secrets.MINIMUM_BYTES || secretBytes > 128) {
            problems.add("tollgate.totp.secret-length: must be " + Secrets.MINIMUM_BYTES + " to 128 bytes, got " + secretBytes);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid Tollgate configuration: " + String.join("; ", problems));
        }
    }

    /** @param portalHost the host the portal answered on, the issuer's default */
    public String issuer(String portalHost) {
        return issuer.orElse(portalHost);
    }

    public LabelSource label() {
        return label;
    }

    public HashAlgorithm algorithm() {
        return algorithm;
    }

    public int digits() {
        return digits;
    }

    public int period() {
        return period;
    }

    public int window() {
        return window;
    }

    public int secretBytes() {
        return secretBytes;
    }

    /** The key URI of a new secret for an account, labelled as configured. */
    public KeyUri keyUri(String portalHost, String username, String email, String displayName, byte[] secret) {
        String account = switch (label) {
            case USERNAME -> username;
            case EMAIL -> email == null || email.isBlank() ? username : email;
            case DISPLAY_NAME -> displayName == null || displayName.isBlank() ? username : displayName;
        };
        return new KeyUri(issuer(portalHost), account, Base32.encode(secret), algorithm, digits, period);
    }
}
