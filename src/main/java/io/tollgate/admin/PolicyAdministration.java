package io.tollgate.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.guard.AttemptLimits;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsStore;

/**
 * The run-time policy settings as administrators change them: each value checked (a field
 * error names it), the change stored for every replica (they read it within
 * {@code tollgate.policy.refresh-interval}) and audited with its old and new values.
 */
@ApplicationScoped
public class PolicyAdministration {

    static final int MAX_GRACE_DAYS = 365;
    static final int MAX_LIFETIME_DAYS = 3650;
    static final int MAX_DEVICE_HOURS = 400 * 24;
    static final int MAX_DEVICES = 100;
    static final int MAX_ATTEMPTS = 100;
    static final int MAX_LOCK_MINUTES = 7 * 24 * 60;

    private final PolicySettingsStore store;
    private final AuditLog audit;

    public PolicyAdministration(PolicySettingsStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    public Uni<PolicySettings> current() {
        return store.current();
    }

    /** Applies the change; a change that changes nothing is stored and audited all the same as "no change". */
    public Uni<PolicySettings> change(Administrator admin, PolicyChange change) {
        // Refused input arrives as a failure, like every other outcome, never as a throw.
        return Uni.createFrom().deferred(() -> {
            Map<String, Refusal> errors = AccountRules.errors();
            change.requiredGroups().ifPresent(groups -> groupNames(errors, "requiredGroups", groups));
            change.exemptGroups().ifPresent(groups -> groupNames(errors, "exemptGroups", groups));
            change.graceDays().ifPresent(days -> range(errors, "graceDays", days, 0, MAX_GRACE_DAYS));
            change.credentialLifetimeDays().ifPresent(days -> range(errors, "credentialLifetimeDays", days, 0, MAX_LIFETIME_DAYS));
            change.trustedDeviceValidityHours().ifPresent(days -> range(errors, "trustedDeviceValidityHours", days, 0, MAX_DEVICE_HOURS));
            change.maxTrustedDevices().ifPresent(count -> range(errors, "maxTrustedDevices", count, 1, MAX_DEVICES));
            change.maxAttempts().ifPresent(count -> range(errors, "maxAttempts", count, 1, MAX_ATTEMPTS));
            change.adminMaxAttempts().ifPresent(count -> range(errors, "adminMaxAttempts", count, 1, MAX_ATTEMPTS));
            change.lockMinutes().ifPresent(minutes -> range(errors, "lockMinutes", minutes, 1, MAX_LOCK_MINUTES));
            AccountRules.check(errors);
            return store.current().flatMap(old -> {
                PolicySettings next = new PolicySettings(
                        change.requiredGroups().<Set<String>>map(Set::copyOf).orElse(old.requiredGroups()),
                        change.exemptGroups().<Set<String>>map(Set::copyOf).orElse(old.exemptGroups()),
                        change.adminsRequired().orElse(old.adminsRequired()),
                        change.graceDays().orElse(old.graceDays()),
                        change.credentialLifetimeDays().map(d -> Duration.ofDays(d)).orElse(old.credentialLifetime()),
                        change.recoveryCodesEnabled().orElse(old.recoveryCodesEnabled()),
                        change.trustedDeviceValidityHours().map(h -> Duration.ofHours(h)).orElse(old.trustedDeviceValidity()),
                        change.maxTrustedDevices().orElse(old.maxTrustedDevices()),
                    new AttemptLimits(change.maxAttempts().orElse(old.attempts().maxAttempts()),
                                change.adminMaxAttempts().orElse(old.attempts().adminMaxAttempts()),
                                change.lockMinutes().map(m -> Duration.ofMinutes(m)).orElse(old.attempts().lockTime())));
                return store.update(next).call(stored -> audit.record(admin.itself(), AuditEvent.Type.POLICY_CHANGED,
                        AuditEvent.Outcome.SUCCESS, difference(old, stored) + " (by " + admin.username() + ", "
                                + admin.method() + ")"));
            });
        });
    }

    /** "field: old -> new" for each value that changed. */
    static String difference(PolicySettings old, PolicySettings next) {
        List<String> changes = new ArrayList<>();
        compare(changes, "requiredGroups", new TreeSet<>(old.requiredGroups()), new TreeSet<>(next.requiredGroups()));
        compare(changes, "exemptGroups", new TreeSet<>(old.exemptGroups()), new TreeSet<>(next.exemptGroups()));
        compare(changes, "adminsRequired", old.adminsRequired(), next.adminsRequired());
        compare(changes, "graceDays", old.graceDays(), next.graceDays());
        compare(changes, "credentialLifetimeDays", old.credentialLifetime().toDays(), next.credentialLifetime().toDays());
        compare(changes, "recoveryCodesEnabled", old.recoveryCodesEnabled(), next.recoveryCodesEnabled());
        compare(changes, "trustedDeviceValidityHours", old.trustedDeviceValidity().toHours(),
                next.trustedDeviceValidity().toHours());
        compare(changes, "maxTrustedDevices", old.maxTrustedDevices(), next.maxTrustedDevices());
        compare(changes, "maxAttempts", old.attempts().maxAttempts(), next.attempts().maxAttempts());
        compare(changes, "adminMaxAttempts", old.attempts().adminMaxAttempts(), next.attempts().adminMaxAttempts());
        compare(changes, "lockMinutes", old.attempts().lockTime().toMinutes(), next.attempts().lockTime().toMinutes());
        return changes.isEmpty() ? "no change" : String.join("; ", changes);
    }

    private static void compare(List<String> changes, String field, Object old, Object next) {
        if (!old.equals(next)) {
            changes.add(field + ": " + old + " -> " + next);
        }
    }

    private static void groupNames(Map<String, Refusal> errors, String field, List<String> names) {
        for (String name : names) {
            Map<String, Refusal> one = AccountRules.errors();
            AccountRules.groupName(one, field, name);
            if (!one.isEmpty()) {
                errors.put(field, Refusal.of(one.get(field).reason() == Refusal.Reason.REQUIRED
                        ? Refusal.Reason.GROUP_NAMES : Refusal.Reason.EACH_GROUP_NAME));
                return;
            }
        }
    }

    private static void range(Map<String, Refusal> errors, String field, int value, int min, int max) {
        if (value < min || value > max) {
            errors.put(field, Refusal.of(Refusal.Reason.NUMBER_RANGE, min, max));
        }
    }
}
