package io.tollgate.policy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;

/**
 * The run-time policy settings in PostgreSQL, shared by every replica. Each replica keeps them
 * for {@code tollgate.policy.refresh-interval}, so a change reaches all replicas within that
 * time. The first replica to start writes the configured values as the seed.
 */
@Startup // bad seed values stop start-up
@ApplicationScoped
public class PolicySettingsStore {

    private static final Logger LOG = Logger.getLogger(PolicySettingsStore.class);

    private record Cached(PolicySettings settings, long loadedAtNanos) {
    }

    private final PolicySettings seed;
    private final Duration refresh;
    private final AtomicReference<Cached> cache = new AtomicReference<>();

    public PolicySettingsStore(PolicyConfig policy, RecoveryCodesConfig recovery) {
        try {
            this.seed = PolicySettings.from(policy, recovery);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.policy: " + e.getMessage());
        }
        this.refresh = policy.refreshInterval();
    }

    /** The settings, at most one refresh interval old. */
    public Uni<PolicySettings> current() {
        Cached cached = cache.get();
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < refresh.toNanos()) {
            return Uni.createFrom().item(cached.settings());
        }
        return Panache.withTransaction(() -> Panache.getSession().flatMap(db -> db.find(PolicySettingsRow.class, PolicySettingsRow.ID))
                .flatMap(row -> row != null ? Uni.createFrom().item(row) : seedRow()))
                .map(row -> remember(PolicySettings.from(row)));
    }

    /** Replaces the settings for every replica (this one at once, others within the refresh interval). */
    public Uni<PolicySettings> update(PolicySettings settings) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(db -> db.find(PolicySettingsRow.class, PolicySettingsRow.ID))
                .flatMap(row -> {
                    PolicySettingsRow target = row != null ? row : new PolicySettingsRow();
                    settings.copyTo(target);
                    return row != null ? Uni.createFrom().item(target) : persist(target);
                }))
                .map(row -> {
                    LOG.infof("Policy settings changed: %s", settings);
                    return remember(settings);
                });
    }

    private Uni<PolicySettingsRow> seedRow() {
        PolicySettingsRow row = new PolicySettingsRow();
        seed.copyTo(row);
        LOG.infof("Policy settings seeded from configuration: %s", seed);
        return persist(row);
    }

    private static Uni<PolicySettingsRow> persist(PolicySettingsRow row) {
        return Panache.getSession().flatMap(db -> db.persist(row)).replaceWith(row);
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
