package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tollgate.policy.SecondFactorRequirement.Kind;
import io.tollgate.policy.SecondFactorRequirement.Subject;

class SecondFactorRequirementTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static PolicySettings settings(boolean adminsRequired, int graceDays) {
        return new PolicySettings(Set.of("Finance", "ops"), Set.of("kiosk"), adminsRequired, graceDays, Duration.ZERO,
                true);
    }

    private static Kind kind(PolicySettings settings, List<String> groups, boolean admin, boolean enrolled) {
        return SecondFactorRequirement.decide(settings, new Subject(groups, admin, enrolled, null), NOW).kind();
    }

    @Test
    void membersOfARequiredGroupMustEnrollThenAreChallenged() {
        assertEquals(Kind.ENROLL_OR_SKIP, kind(settings(false, 7), List.of("finance"), false, false));
        assertEquals(Kind.CHALLENGE, kind(settings(false, 7), List.of("FINANCE"), false, true));
    }

    @Test
    void exemptWinsOverRequiredAndOverEnrollment() {
        assertEquals(Kind.NOT_NEEDED, kind(settings(true, 7), List.of("finance", "kiosk"), true, false));
        assertEquals(Kind.NOT_NEEDED, kind(settings(true, 7), List.of("Kiosk"), false, true));
    }

    @Test
    void administratorsFollowTheSwitch() {
        assertEquals(Kind.ENROLL_OR_SKIP, kind(settings(true, 7), List.of(), true, false));
        assertEquals(Kind.NOT_NEEDED, kind(settings(false, 7), List.of(), true, false));
        assertTrue(SecondFactorRequirement.mustUse(settings(true, 7), new Subject(List.of(), true, false, null)));
        assertFalse(SecondFactorRequirement.mustUse(settings(false, 7), new Subject(List.of(), true, false, null)));
    }

    @Test
    void anyoneElseIsFreeButAskedOnceEnrolled() {
        assertEquals(Kind.NOT_NEEDED, kind(settings(true, 7), List.of("sales"), false, false));
        assertEquals(Kind.CHALLENGE, kind(settings(true, 7), List.of("sales"), false, true));
    }

    @Test
    void theGracePeriodRunsFromTheFirstLoginWithoutACredential() {
        Subject first = new Subject(List.of("ops"), false, false, null);
        SecondFactorRequirement r = SecondFactorRequirement.decide(settings(false, 7), first, NOW);
        assertEquals(Kind.ENROLL_OR_SKIP, r.kind());
        assertEquals(Optional.of(NOW.plus(Duration.ofDays(7))), r.graceEndsAt());

        Subject sixDaysIn = new Subject(List.of("ops"), false, false, NOW.minus(Duration.ofDays(6)));
        assertEquals(Kind.ENROLL_OR_SKIP, SecondFactorRequirement.decide(settings(false, 7), sixDaysIn, NOW).kind());
        Subject overdue = new Subject(List.of("ops"), false, false, NOW.minus(Duration.ofDays(7)));
        assertEquals(Kind.ENROLL, SecondFactorRequirement.decide(settings(false, 7), overdue, NOW).kind());
        assertEquals(Kind.ENROLL, kind(settings(false, 0), List.of("ops"), false, false), "no grace at all");
    }

    @Test
    void settingsRefuseImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new PolicySettings(Set.of("a,b"), Set.of(), true, 7,
                Duration.ZERO, true));
        assertThrows(IllegalArgumentException.class, () -> new PolicySettings(Set.of(), Set.of(), true, -1,
                Duration.ZERO, true));
        PolicySettings s = new PolicySettings(Set.of(" Ops ", ""), Set.of(), true, 7, Duration.ofDays(90), false);
        assertEquals(Set.of("ops"), s.requiredGroups());
        assertTrue(s.credentialsExpire());
    }
}
