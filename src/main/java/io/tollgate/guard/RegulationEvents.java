package io.tollgate.guard;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Locks and throttles as they start: one warning each (never a password or code, and a username
 * only when the account exists), and {@code tollgate_lockouts_total{kind}} with kind {@code user}
 * (an account locked), {@code address_throttle} (an address's attempts now served one at a time)
 * or {@code address} (an address refusing attempts because its queue is too long; once per
 * address-find-time).
 */
final class RegulationEvents {

    static final String METER = "tollgate.lockouts";
    /** Bits of a script's answer: what started with this attempt. */
    static final int USER_LOCKED = 1;
    static final int ADDRESS_REFUSING = 2;
    static final int ADDRESS_THROTTLED = 4;
    /** With USER_LOCKED: the lock is for failures in a row, until an administrator unlocks. */
    static final int LOCKED_IN_A_ROW = 8;

    private static final Logger LOG = Logger.getLogger(RegulationEvents.class);

    private final MeterRegistry registry;
    private final Regulation rules;

    RegulationEvents(MeterRegistry registry, Regulation rules) {
        this.registry = registry;
        this.rules = rules;
        // Published at zero from the start: a rate or an increase over the first lock sees it.
        for (String kind : new String[] { "user", "address_throttle", "address" }) {
            registry.counter(METER, "kind", kind);
        }
    }

    /** @param knownUsername the account's name, or null when no such account exists (the typed name is not logged) */
    void started(int events, String knownUsername, String network, SecondFactorGuard.Decision decision) {
        if ((events & USER_LOCKED) != 0) {
            Instant until = decision.userLockedUntil().orElse(Instant.now().plus(rules.banTime()));
            if ((events & LOCKED_IN_A_ROW) != 0) {
                LOG.warnf("Sign-in locked for %s until an administrator unlocks it (at most until %s): %d failures "
                        + "in a row, last from %s", knownUsername != null ? "user " + knownUsername
                                : "a username that does not exist", until, rules.maxConsecutiveFailures(), network);
            } else if (knownUsername != null) {
                LOG.warnf("Sign-in locked for user %s until %s (%d failures within %s), last from %s", knownUsername,
                        until, decision.limit(), rules.findTime(), network);
            } else {
                LOG.warnf("Sign-in locked for a username that does not exist until %s, last from %s", until, network);
            }
            registry.counter(METER, "kind", "user").increment();
        }
        if ((events & ADDRESS_THROTTLED) != 0) {
            LOG.warnf("Sign-in attempts from %s now served one at a time: %d failures within %s", network,
                    decision.addressFailures(), rules.addressFindTime());
            registry.counter(METER, "kind", "address_throttle").increment();
        }
        if ((events & ADDRESS_REFUSING) != 0) {
            LOG.warnf("Sign-in attempts from %s refused: they would wait more than %s for their turn (%d failures "
                    + "within %s)", network, rules.addressMaxQueue(), decision.addressFailures(),
                    rules.addressFindTime());
            registry.counter(METER, "kind", "address").increment();
        }
    }
}
