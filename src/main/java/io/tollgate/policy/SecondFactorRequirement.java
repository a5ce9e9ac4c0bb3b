package io.tollgate.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a user's sign-in needs after the password, from the run-time settings:
 * <ul>
 * <li>members of an exempt group never use TOTP (exempt wins over required);</li>
 * <li>members of a required group, and administrators when that switch is on, must;</li>
 * <li>anyone else who enrolled a credential is always asked for a code.</li>
 * </ul>
 * A user who must but has no credential may skip enrollment until the grace period ends.
 */
public record SecondFactorRequirement(Kind kind, Optional<Instant> graceEndsAt) {

    public enum Kind {
        /** The password is the whole sign-in. */
        NOT_NEEDED,
        /** A verified credential exists: ask for a code. */
        CHALLENGE,
        /** Must enroll, may still skip until {@link #graceEndsAt}. */
        ENROLL_OR_SKIP,
        /** Must enroll before anything else. */
        ENROLL
    }

    /** Who the user is, as far as the policy cares. */
    public record Subject(Collection<String> groups, boolean admin, boolean hasVerifiedCredential,
            Instant graceStartedAt) {
    }

    public static SecondFactorRequirement decide(PolicySettings settings, Subject subject, Instant now) {
        if (anyIn(subject.groups(), settings.exemptGroups()) ) {
            return new SecondFactorRequirement(Kind.NOT_NEEDED, Optional.empty());
        }
        if (subject.hasVerifiedCredential()) {
            return new SecondFactorRequirement(Kind.CHALLENGE, Optional.empty());
        }
        if (!mustUse(settings, subject)) {
            return new SecondFactorRequirement(Kind.NOT_NEEDED, Optional.empty());
        }
        Instant start = subject.graceStartedAt() == null ? now : subject.graceStartedAt();
        Instant ends = start.plus(Duration.ofDays(settings.graceDays()));
        return now.isBefore(ends) ? new SecondFactorRequirement(Kind.ENROLL_OR_SKIP, Optional.of(ends))
                : new SecondFactorRequirement(Kind.ENROLL, Optional.empty());
    }

    /** Required by group or by the administrators switch, and not exempt. */
    public static boolean mustUse(PolicySettings settings, Subject subject) {
        if (anyIn(subject.groups(), settings.exemptGroups())) {
            return false;
        }
        return anyIn(subject.groups(), settings.requiredGroups()) || (subject.admin() && settings.adminsRequired());
    }

    private static boolean anyIn(Collection<String> groups, Set<String> names) {
        for (String group : groups) {
            if (names.contains(group.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
