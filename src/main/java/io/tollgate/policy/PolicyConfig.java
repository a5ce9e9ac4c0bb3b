package io.tollgate.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who must use TOTP: {@code tollgate.policy.*}. These values only seed the run-time settings
 * stored in PostgreSQL on first start; after that the stored settings win.
 */
@ConfigMapping(prefix = "tollgate.policy")
public interface PolicyConfig {

    /** Members of these groups must use TOTP. */
    Optional<List<String>> requiredGroups();

    /** Members of these groups never use TOTP, even if also in a required group. */
    Optional<List<String>> exemptGroups();

    /** Administrators must use TOTP (unless exempt). */
    @WithDefault("true")
    boolean adminsRequired();

    /** Days a user who must use TOTP may still skip enrollment. */
    @WithDefault("7")
    int graceDays();

    /** Days after which a TOTP credential expires and is removed at login; 0 = never. */
    @WithDefault("0")
    int credentialLifetimeDays();

    /** How long a browser the user trusts skips the code (password still asked); 0 turns trust off. */
    @WithDefault("30d")
    Duration trustedDeviceValidity();

    /** Trusted browsers kept per user; trusting one more drops the oldest. */
    @WithDefault("10")
    int maxTrustedDevices();

    /** How long a replica keeps the stored settings before reading them again. */
    @WithDefault("2s")
    Duration refreshInterval();
}
