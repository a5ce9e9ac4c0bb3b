package io.tollgate.policy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;

import io.tollgate.guard.AttemptLimits;
import io.tollgate.guard.AttemptLimitsSource;
import io.tollgate.guard.RegulationConfig;
import io.tollgate.store.Database;

/**
 * The run-time policy settings in PostgreSQL, shared by every replica. Each replica keeps them
 * for {@code tollgate.policy.refresh-interval}, so a change reaches all replicas within that
 * time. The first read that finds no row writes the configured values as the seed; replicas
 * racing to do so all end up reading the one row written.
 */
@Startup // bad seed values stop start-up
@ApplicationScoped
public class PolicySettingsStore implements PolicySettingsSource, AttemptLimitsSource {

    private static final Logger LOG = Logger.getLogger(PolicySettingsStore.class);
    private static final String SEED = """
            INSERT INTO policy_settings (id, required_groups, exempt_groups, admins_required, grace_days,
                credential_lifetime_days, recovery_codes_enabled, trusted_device_validity_seconds, max_trusted_devices,
                max_attempts, admin_max_attempts, lock_seconds)
            VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT (id) DO NOTHING
            """;

    private record Cached(PolicySettings settings, long loadedAtNanos) {
    }

    private final PolicySettings seed;
    private final Duration refresh;
    private final AtomicReference<Cached> cache = new AtomicReference<>();
    /** One read (or seeding) of the row at a time on this replica; the others wait for its answer. */
    private final SingleFlight<PolicySettings> loading = new SingleFlight<>();

    private final io.vertx.core.Vertx vertx;

    public PolicySettingsStore(PolicyConfig policy, RecoveryCodesConfig recovery, RegulationConfig regulation,
            io.vertx.core.Vertx vertx) {
        this.vertx = vertx;
        try {
            this.seed = PolicySettings.from(policy, recovery, AttemptLimits.of(regulation));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.policy / tollgate.regulation: "
                    + e.getMessage());
        }
        this.refresh = policy.refreshInterval();
    }

    /** The settings, at most one refresh interval old. */
    @Override
    public Uni<PolicySettings> current() {
        Cached cached = cache.get();
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < refresh.toNanos()) {
            return Uni.createFrom().item(cached.settings());
        }
        // Asked from anywhere (the guard, a proxied request's decision): the read gets a context of its own.
        return loading.run(() -> Database.onOwnContext(vertx, () -> Database.session(this::find)
                .flatMap(row -> row != null ? Uni.createFrom().item(row) : seedRow())
                .map(row -> remember(PolicySettings.from(row, seed.attempts())))))
                // PostgreSQL away: the settings last read stand until it is back (what is decided with
                // them needs no database otherwise); without any, the failure stands.
                .onFailure().recoverWithUni(failure -> {
                    Cached last = cache.get();
                    if (last == null) {
                        return Uni.createFrom().failure(failure);
                    }
                    LOG.debugf("Policy settings not refreshed (%s): the last ones read stand", failure.getMessage());
                    return Uni.createFrom().item(last.settings());
                });
    }

    /** The attempt limits in force: part of the run-time settings. */
    @Override
    public Uni<AttemptLimits> attemptLimits() {
        return current().map(PolicySettings::attempts);
    }

    @Override
    public PolicySettings latestOrNull() {
        Cached cached = cache.get();
        if (cached == null) {
            return null;
        }
        if (System.nanoTime() - cached.loadedAtNanos() >= refresh.toNanos()) {
            current().subscribe().with(read -> { }, failure -> LOG.debugf("Policy settings not refreshed: %s",
                    failure.getMessage()));
        }
        return cached.settings();
    }

    /** Replaces the settings for every replica (this one at once, others within the refresh interval). */
    public Uni<PolicySettings> update(PolicySettings settings) {
        return Database.session(this::find)
                .flatMap(row -> row != null ? Uni.createFrom().item(row) : seedRow())
                .flatMap(seeded -> Database.transaction(() -> find().invoke(row -> settings.copyTo(row))))
                .map(row -> {
                    LOG.infof("Policy settings changed: %s", settings);
                    return remember(settings);
                });
    }

    private Uni<PolicySettingsRow> find() {
        return Panache.getSession().flatMap(db -> db.find(PolicySettingsRow.class, PolicySettingsRow.ID));
    }

    /**
     * Writes the configured seed unless the row exists, then reads the row: replicas starting
     * together may all try, and the ones that lose the race insert nothing instead of failing.
     */
    private Uni<PolicySettingsRow> seedRow() {
        PolicySettingsRow row = new PolicySettingsRow();
        seed.copyTo(row);
        return Database.transaction(() -> Panache.getSession().flatMap(db -> db.createNativeQuery(SEED)
                .setParameter(1, row.requiredGroups)
                .setParameter(2, row.exemptGroups)
                .setParameter(3, row.adminsRequired)
                .setParameter(4, row.graceDays)
                .setParameter(5, row.credentialLifetimeDays)
                .setParameter(6, row.recoveryCodesEnabled)
                .setParameter(7, row.trustedDeviceValiditySeconds)
                .setParameter(8, row.maxTrustedDevices)
                .setParameter(9, row.maxAttempts)
                .setParameter(10, row.adminMaxAttempts)
                .setParameter(11, row.lockSeconds)
                .executeUpdate()))
                .invoke(inserted -> {
                    if (inserted > 0) {
                        LOG.infof("Policy settings seeded from configuration: %s", seed);
                    }
                })
                .flatMap(inserted -> Database.session(this::find));
    }

    private PolicySettings remember(PolicySettings settings) {
        Cached previous = cache.getAndSet(new Cached(settings, System.nanoTime()));
        if (previous == null && !settings.equals(seed)) {
            LOG.infof("Stored policy settings differ from tollgate.policy.* / tollgate.recovery-codes.*: the stored "
                    + "ones apply (configuration only seeds them on first start)");
        }
        return settings;
    }
}
