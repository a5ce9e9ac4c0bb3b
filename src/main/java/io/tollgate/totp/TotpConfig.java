package io.tollgate.totp;

import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Technical TOTP parameters for new credentials and for verification: {@code tollgate.totp.*}. */
@ConfigMapping(prefix = "tollgate.totp")
public interface TotpConfig {

    /** Name shown in authenticator apps; the portal's host name when absent. */
    Optional<String> issuer();

    /** Which user property names the account in the app: username | email | display-name. */
    @WithDefault("username")
    String label();

    /** SHA1 (what every app supports), SHA256 or SHA512. */
    @WithDefault("SHA1")
    String algorithm();

    /** 6 to 10. */
    @WithDefault("6")
    int digits();

    /** Seconds per code, 15 to 120 (NIST SP 800-63B: at most two minutes). */
    @WithDefault("30")
    int period();

    /** Steps accepted before and after the current one, for clock skew (0 to 10). */
    @WithDefault("1")
    int window();

    /** Secret length in bytes (at least 16); by default the algorithm's output size (20, 32 or 64). */
    OptionalInt secretLength();
}
