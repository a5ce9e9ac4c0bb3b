package io.tollgate.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Vetoed;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.TotpCredential;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.device.TrustedDevice;
import io.tollgate.device.TrustedDevices;
import io.tollgate.guard.CodeVerifier;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;

/** Signing out and enrolling during sign-in, on their own, every store faked. */
class LogoutAndEnrollmentStepTest {

    private static final Client CLIENT = new Client("192.0.2.13", "test agent");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final SignInFakes.Sessions sessions = new SignInFakes.Sessions();
    private final SignInFakes.Users users = new SignInFakes.Users(sessions);
    private final SignInFakes.Audit audit = new SignInFakes.Audit();
    private final FakeDevices devices = new FakeDevices();
    private final FakeCredentials credentials = new FakeCredentials();
    private final List<Long> retired = new ArrayList<>();
    private final PolicySettingsSource policy = SignInFakes.policy();
    private final CredentialExpiry expiry = new CredentialExpiry(null, null, audit) {
        @Override
        public Uni<Void> afterEnrollment(AuditLog.Actor actor, Long userId, PolicySettings settings) {
            retired.add(userId);
            return Uni.createFrom().voidItem();
        }
    };
    private final LogoutStep logout = new LogoutStep(users, devices, sessions, audit);
    private final EnrollmentStep enrollment = new EnrollmentStep(users, credentials, policy, sessions, expiry,
            SignInFakes.outcomes(sessions, audit, policy), null);

    @Test
    void signingOutEndsTheSessionAndThisBrowsersTrustForItsUser() {
        users.add("ana", "pw", false);
        devices.add("token-a", users.byName.get("ana").id);
        Session session = SignInFakes.session("ana", AuthLevel.TWO_FACTOR, Session.Pending.NONE);
        assertTrue(logout.logout(CLIENT, session, "token-a").await().atMost(WAIT));
        assertEquals(List.of(session.id()), sessions.deleted);
        assertEquals(List.of(session.id()), users.endedSessions);
        assertEquals(List.of("token-a"), devices.revoked);
        assertEquals(List.of("LOGOUT/SUCCESS"), audit.events);
    }

    @Test
    void aBrowserTrustedForSomeoneElseKeepsThatTrust() {
        users.add("ben", "pw", false);
        users.add("cat", "pw", false);
        devices.add("token-c", users.byName.get("cat").id);
        Session session = SignInFakes.session("ben", AuthLevel.TWO_FACTOR, Session.Pending.NONE);
        assertFalse(logout.logout(CLIENT, session, "token-c").await().atMost(WAIT));
        assertEquals(List.of(), devices.revoked);
        assertEquals(List.of(session.id()), sessions.deleted);
    }

    @Test
    void signingOutWithoutASessionStillEndsThisBrowsersTrust() {
        users.add("dee", "pw", false);
        devices.add("token-d", users.byName.get("dee").id);
        Session anonymous = SignInFakes.session(null, AuthLevel.NONE, Session.Pending.NONE);
        assertTrue(logout.logout(CLIENT, anonymous, "token-d").await().atMost(WAIT));
        assertEquals(List.of("token-d"), devices.revoked);
        assertEquals(List.of(), audit.events, "nobody was signed in");
    }

    @Test
    void aConfirmedAuthenticatorGivesBothFactorsAndRetiresExpiredOnes() {
        users.add("eve", "pw", false);
        credentials.outcome = new CodeVerifier.Outcome.Accepted("new", 1);
        Session session = SignInFakes.session("eve", AuthLevel.ONE_FACTOR, Session.Pending.ENROLLMENT);
        SignInResult.Passed passed = assertInstanceOf(SignInResult.Passed.class,
                enrollment.confirm(CLIENT, session, new TotpCredential(), "phone", "123456").await().atMost(WAIT));
        assertTrue(passed.session().satisfiesTwoFactor());
        assertEquals(List.of(users.byName.get("eve").id), retired);
        assertEquals(List.of("ENROLLMENT/SUCCESS"), audit.events);
    }

    @Test
    void aWrongCodeLeavesTheEnrollmentPendingAndRetiresNothing() {
        users.add("fay", "pw", false);
        credentials.outcome = new CodeVerifier.Outcome.WrongCode(2, false);
        Session session = SignInFakes.session("fay", AuthLevel.ONE_FACTOR, Session.Pending.ENROLLMENT);
        assertEquals(new SignInResult.Wrong(2),
                enrollment.confirm(CLIENT, session, new TotpCredential(), "phone", "000000").await().atMost(WAIT));
        assertEquals(List.of(), retired);
        assertEquals(0, sessions.moves);
    }

    /** Trusted browsers by token, in memory. */
    @Vetoed // a stand-in, never a bean of the application under test
    private static final class FakeDevices extends TrustedDevices {
        final Map<String, TrustedDevice> byToken = new HashMap<>();
        final List<String> revoked = new ArrayList<>();

        void add(String token, Long userId) {
            TrustedDevice device = new TrustedDevice();
            device.id = (long) byToken.size() + 1;
            device.userId = userId;
            byToken.put(token, device);
        }

        @Override
        public Uni<Optional<TrustedDevice>> byToken(String token) {
            return Uni.createFrom().item(Optional.ofNullable(token == null ? null : byToken.get(token)));
        }

        @Override
        public Uni<Boolean> revoke(Long userId, Long deviceId) {
            byToken.forEach((token, device) -> {
                if (device.id.equals(deviceId) && device.userId.equals(userId)) {
                    revoked.add(token);
                }
            });
            return Uni.createFrom().item(true);
        }
    }

    /** A confirmation that answers what the test sets. */
    @Vetoed // a stand-in, never a bean of the application under test
    private static final class FakeCredentials extends TotpCredentials {
        CodeVerifier.Outcome outcome;

        FakeCredentials() {
            super(null, null, null, null, null);
        }

        @Override
        public Uni<CodeVerifier.Outcome> confirm(Attempt attempt, TotpCredential pending, String name, String code) {
            return Uni.createFrom().item(outcome);
        }
    }
}
