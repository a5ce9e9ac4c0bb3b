package io.tollgate.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.inject.Vetoed;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;

/** The recovery-code step on its own, every store faked. */
class RecoveryCodeStepTest {

    private static final Client CLIENT = new Client("192.0.2.9", "test agent");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final SignInFakes.Sessions sessions = new SignInFakes.Sessions();
    private final SignInFakes.Users users = new SignInFakes.Users(sessions);
    private final SignInFakes.Counters counters = new SignInFakes.Counters();
    private final SignInFakes.Audit audit = new SignInFakes.Audit();
    private final FakeCodes codes = new FakeCodes();
    private final PolicySettingsSource policy = () -> Uni.createFrom().item(new PolicySettings(Set.of(),
            Set.of(), false, 7, Duration.ZERO, true, Duration.ofDays(30), 10));
    private final RecoveryCodeStep step = new RecoveryCodeStep(users, codes, counters, sessions,
            new Outcomes(sessions, audit, codes, policy), audit, policy);

    @Test
    void textThatIsNoRecoveryCodeIsNotCounted() {
        users.add("anna", "pw", false);
        assertEquals(new SignInResult.Malformed(), use("anna", "not a code!"));
        assertEquals(List.of(), counters.reservations);
        assertEquals(List.of(), codes.tried);
    }

    @Test
    void aRightCodeGivesBothFactorsAndWarnsWhenFewAreLeft() {
        users.add("ben", "pw", false);
        codes.left = Optional.of(2L);
        SignInResult.Passed passed = assertInstanceOf(SignInResult.Passed.class, use("ben", "abcd-efgh"));
        assertEquals(AuthLevel.TWO_FACTOR, passed.session().level());
        assertEquals(Optional.of(2L), passed.recoveryCodesLeft());
        assertEquals(List.of("signed in"), counters.settlements, "a complete sign-in forgets the failures");
        assertEquals(List.of("RECOVERY_CODE/SUCCESS"), audit.events);
    }

    @Test
    void aWrongOrUsedCodeCountsAgainstTheUser() {
        users.add("cleo", "pw", false);
        codes.left = Optional.empty();
        assertEquals(new SignInResult.Wrong(4), use("cleo", "abcd-efgh"));
        assertEquals(List.of("cleo"), counters.failedAs);
        assertEquals(List.of("RECOVERY_CODE/FAILURE"), audit.events);
        assertEquals(0, sessions.moves);
    }

    @Test
    void anAdministratorIsCountedUnderTheAdministratorsLimit() {
        users.add("dora", "pw", false);
        users.byName.get("dora").admin = true;
        use("dora", "abcd-efgh");
        assertEquals(List.of("dora (admin)"), counters.reservations);
    }

    @Test
    void aUserRemovedOrDisabledSinceThePasswordIsSignedOut() {
        users.add("eric", "pw", true);
        Session session = SignInFakes.session("eric", AuthLevel.ONE_FACTOR, Session.Pending.SECOND_FACTOR);
        SignInResult result = step.secondFactor(CLIENT, session, "abcd-efgh").await().atMost(WAIT);
        assertEquals(new SignInResult.SignedOut(), result);
        assertEquals(List.of(session.id()), sessions.deleted);
        assertEquals(List.of(session.id()), users.endedSessions, "open tunnels of the session are told");
        assertEquals(List.of(), codes.tried, "no code is tried for them");
    }

    @Test
    void aRenewalCanAskForACodeOnlyWhenOneIsLeft() {
        users.add("fred", "pw", false);
        Session session = SignInFakes.session("fred", AuthLevel.TWO_FACTOR, Session.Pending.RENEWAL);
        codes.left = Optional.of(0L);
        assertEquals(false, step.usable(session).await().atMost(WAIT));
        codes.left = Optional.of(3L);
        assertEquals(true, step.usable(session).await().atMost(WAIT));
    }

    private SignInResult use(String username, String typed) {
        Session session = SignInFakes.session(username, AuthLevel.ONE_FACTOR, Session.Pending.SECOND_FACTOR);
        return step.secondFactor(CLIENT, session, typed).await().atMost(WAIT);
    }

    /** Recovery codes that answer what the test sets, and record what was tried. */
    @Vetoed // a stand-in, never a bean of the application under test
    private static final class FakeCodes extends RecoveryCodes {
        Optional<Long> left = Optional.empty();
        final List<String> tried = new ArrayList<>();

        FakeCodes() {
            super(null, null, null, null);
        }

        @Override
        public Uni<Optional<Long>> use(Long userId, String normalizedCode) {
            tried.add(normalizedCode);
            return Uni.createFrom().item(left);
        }

        @Override
        public Uni<Long> remaining(Long userId) {
            return Uni.createFrom().item(left.orElse(10L));
        }
    }
}
