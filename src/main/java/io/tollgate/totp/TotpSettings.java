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

    /** At most this many characters of the issuer and of the account name go into a key URI and its QR code. */
    public static final int MAX_LABEL = 64;
    /** The issuer when neither the configuration nor the organisation names one. */
    public static final String DEFAULT_ISSUER = "Tollgate";

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
        if (issuer.isPresent() && issuer.get().length() > MAX_LABEL) {
            problems.add("tollgate.totp.issuer: at most " + MAX_LABEL + " characters");
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
        // NIST SP 800-63B §5.1.4.1: a time-based code changes at least every two minutes.
        if (period < 15 || period > 120) {
            problems.add("tollgate.totp.period: must be 15 to 120 seconds, got " + period);
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

    /**
     * The configured issuer, else the given name (the organisation's, from the portal's
     * brand), at most {@link #MAX_LABEL} characters and without the colon a key URI's label
     * cannot hold.
     */
    public String issuer(String organisation) {
        return issuer.orElseGet(() -> {
            String name = organisation == null ? "" : organisation.replaceAll("\\s*:\\s*", " ").strip();
            return name.isEmpty() ? DEFAULT_ISSUER : bounded(name).strip();
        });
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
    public KeyUri keyUri(String organisation, String username, String email, String displayName, byte[] secret) {
        String account = switch (label) {
            case USERNAME -> username;
            case EMAIL -> email == null || email.isBlank() ? username : email;
            case DISPLAY_NAME -> displayName == null || displayName.isBlank() ? username : displayName;
        };
        return new KeyUri(issuer(organisation), bounded(account), Base32.encode(secret), algorithm, digits, period);
    }

    /** The first {@link #MAX_LABEL} characters (whole code points), for the app's list. */
    static String bounded(String name) {
        return name.codePointCount(0, name.length()) <= MAX_LABEL ? name
                : name.substring(0, name.offsetByCodePoints(0, MAX_LABEL));
    }
}
