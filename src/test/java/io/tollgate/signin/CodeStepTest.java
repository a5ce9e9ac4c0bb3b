package io.tollgate.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.inject.Vetoed;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.tollgate.credential.TotpCredential;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.device.TrustedDevice;
import io.tollgate.device.TrustedDevices;
import io.tollgate.guard.CodeVerifier;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;

/** The TOTP code step on its own, every store faked: each verdict of the verifier, and trust. */
class CodeStepTest {

    private static final Client CLIENT = new Client("192.0.2.11", "test agent");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final SignInFakes.Sessions sessions = new SignInFakes.Sessions();
    private final SignInFakes.Users users = new SignInFakes.Users(sessions);
    private final SignInFakes.Audit audit = new SignInFakes.Audit();
    private final FakeCredentials credentials = new FakeCredentials();
    private boolean devicesCanBeTrusted = true;
    private final PolicySettingsSource policy = () -> Uni.createFrom().item(new PolicySettings(Set.of(), Set.of(),
            false, 7, Duration.ZERO, true, devicesCanBeTrusted ? Duration.ofDays(30) : Duration.ZERO, 10));
    private final FakeDevices devices = new FakeDevices();
    private final CodeStep step = new CodeStep(users, credentials, policy, sessions,
            new TrustedDeviceStep(devices, policy, audit),
            SignInFakes.outcomes(sessions, audit, policy), audit);

    @Test
    void anAcceptedCodeGivesTheSessionBothFactors() {
        users.add("ada", "pw", false);
        credentials.outcome = new CodeVerifier.Outcome.Accepted("c1", 42);
        SignInResult.Passed passed = assertInstanceOf(SignInResult.Passed.class, code("ada", null));
        assertEquals(AuthLevel.TWO_FACTOR, passed.session().level());
        assertEquals(Session.Pending.NONE, passed.session().pending());
        assertEquals(List.of(true), sessions.byCode, "a typed code counts as a recent second factor");
        assertEquals(List.of("TOTP/SUCCESS"), audit.events);
    }

    @Test
    void eachRefusalOfTheVerifierIsAnsweredAndAudited() {
        users.add("bob", "pw", false);
        credentials.outcome = new CodeVerifier.Outcome.WrongCode(3, false);
        assertEquals(new SignInResult.Wrong(3), code("bob", null));
        credentials.outcome = new CodeVerifier.Outcome.Replay();
        assertEquals(new SignInResult.Replay(), code("bob", null));
        Instant until = Instant.now().plusSeconds(300);
        credentials.outcome = new CodeVerifier.Outcome.Locked(until, SecondFactorGuard.LockKind.USER);
        assertEquals(new SignInResult.Locked(until, SecondFactorGuard.LockKind.USER), code("bob", null));
        credentials.outcome = new CodeVerifier.Outcome.Malformed();
        assertEquals(new SignInResult.Malformed(), code("bob", null));
        credentials.outcome = new CodeVerifier.Outcome.Unavailable();
        assertEquals(new SignInResult.Unavailable(), code("bob", null));
        assertEquals(List.of("TOTP/FAILURE", "TOTP/REPLAY", "LOCKOUT/LOCKED"), audit.events);
        assertEquals(0, sessions.moves, "no refusal moves the session");
    }

    @Test
    void aBrowserIsTrustedOnlyAfterAnAcceptedCodeAndWhenThePolicyAllowsIt() {
        users.add("cyd", "pw", false);
        credentials.outcome = new CodeVerifier.Outcome.WrongCode(4, false);
        code("cyd", "laptop");
        assertEquals(List.of(), devices.trusted, "a wrong code trusts nothing");

        credentials.outcome = new CodeVerifier.Outcome.Accepted("c1", 43);
        SignInResult.Passed passed = assertInstanceOf(SignInResult.Passed.class, code("cyd", "laptop"));
        assertEquals(List.of("laptop"), devices.trusted);
        assertNotNull(passed.trusted().orElseThrow().token());

        devicesCanBeTrusted = false;
        SignInResult.Passed untrusted = assertInstanceOf(SignInResult.Passed.class, code("cyd", "desktop"));
        assertEquals(Optional.empty(), untrusted.trusted());
        assertEquals(List.of("laptop"), devices.trusted);
    }

    @Test
    void aConfirmationRecordsTheCodeWithoutChangingTheLevel() {
        users.add("dan", "pw", false);
        credentials.outcome = new CodeVerifier.Outcome.Accepted("c1", 44);
        Session session = SignInFakes.session("dan", AuthLevel.TWO_FACTOR, Session.Pending.NONE);
        SignInResult.Passed passed = assertInstanceOf(SignInResult.Passed.class,
                step.confirm(CLIENT, session, "123456").await().atMost(WAIT));
        assertEquals(session.id(), passed.session().id(), "same session");
        assertNotNull(passed.session().lastTwoFactorAt());
        assertEquals(0, sessions.moves);
    }

    private SignInResult code(String username, String trustAs) {
        Session session = SignInFakes.session(username, AuthLevel.ONE_FACTOR, Session.Pending.SECOND_FACTOR);
        return step.secondFactor(CLIENT, session, "123456", trustAs).await().atMost(WAIT);
    }

    /** Credentials whose verification answers what the test sets. */
    @Vetoed // a stand-in, never a bean of the application under test
    private static final class FakeCredentials extends TotpCredentials {
        CodeVerifier.Outcome outcome;

        FakeCredentials() {
            super(null, null, null, null, null);
        }

        @Override
        public Uni<List<TotpCredential>> verifiedOf(Long userId) {
            return Uni.createFrom().item(List.of());
        }

        @Override
        public Uni<CodeVerifier.Outcome> verify(Attempt attempt, List<TotpCredential> verified, String code) {
            return Uni.createFrom().item(outcome);
        }
    }

    /** Trusted browsers in memory. */
    @Vetoed // a stand-in, never a bean of the application under test
    private static final class FakeDevices extends TrustedDevices {
        final List<String> trusted = new ArrayList<>();

        @Override
        public Uni<Issued> trust(Long userId, String name, String clientIp, String userAgent, PolicySettings settings) {
            trusted.add(name);
            TrustedDevice device = new TrustedDevice();
            device.id = (long) trusted.size();
            return Uni.createFrom().item(new Issued(device, "token-" + name));
        }
    }
}
