package io.tollgate.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.inject.Vetoed;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.PasswordConfig;
import io.tollgate.account.PasswordHasher;
import io.tollgate.account.User;
import io.tollgate.audit.AuditLog;
import io.tollgate.device.TrustedDevice;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.policy.SecondFactorRequirement;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.store.StoreUnavailableException;
import io.vertx.core.Vertx;

/**
 * The password step on its own, every store faked: what it refuses before hashing, what it
 * answers alike, what it asks next, and what it settles when a store fails mid-way.
 */
class PasswordStepTest {

    private static final Client CLIENT = new Client("192.0.2.7", "test agent");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Vertx vertx = Vertx.vertx();
    private final SignInFakes.Users users = new SignInFakes.Users(null);
    private final FakeHasher hasher = new FakeHasher(vertx);
    private final SignInFakes.Counters counters = new SignInFakes.Counters();
    private final SignInFakes.Sessions sessions = new SignInFakes.Sessions();
    private final SignInFakes.Audit audit = new SignInFakes.Audit();
    private final FakeDevices devices = new FakeDevices(audit);
    private final PolicySettingsSource policy = SignInFakes.policy();
    private final CredentialExpiry expiry = new CredentialExpiry(null, null, audit) {
        @Override
        public Uni<AtPassword> atPassword(AuditLog.Actor actor, Long userId, PolicySettings settings) {
            return Uni.createFrom().item(new AtPassword(true, false));
        }
    };
    private final PasswordStep step = new PasswordStep(users, hasher, counters, sessions, policy, expiry, devices,
            SignInFakes.outcomes(sessions, audit, policy), audit);

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aLockedUserIsRefusedBeforeAnyPasswordIsHashed() {
        users.add("carol", "right", false);
        counters.refuseWith(SecondFactorGuard.LockKind.USER);
        SignInResult result = signIn("carol", "right");
        assertInstanceOf(SignInResult.Locked.class, result);
        assertEquals(0, hasher.checks, "no hash for a refused attempt");
        assertEquals(List.of("LOGIN/LOCKED"), audit.events);
    }

    @Test
    void aRefusalByTheNetworksQueueIsNotAuditedOneByOne() {
        counters.refuseWith(SecondFactorGuard.LockKind.ADDRESS);
        SignInResult.Locked locked = assertInstanceOf(SignInResult.Locked.class, signIn("anyone", "guess"));
        assertEquals(SecondFactorGuard.LockKind.ADDRESS, locked.kind());
        assertEquals(List.of(), audit.events);
    }

    @Test
    void unknownDisabledAndWrongPasswordGetTheSameAnswerAfterTheSameWork() {
        users.add("dave", "right", false);
        users.add("erin", "right", true);
        List<SignInResult> answers = List.of(signIn("nobody", "right"), signIn("erin", "right"),
                signIn("dave", "wrong"));
        assertEquals(3, hasher.checks, "every one costs a hash");
        for (SignInResult answer : answers) {
            assertEquals(new SignInResult.Wrong(4), answer);
        }
        assertEquals(Arrays.asList(null, "erin", "dave"), counters.failedAs);
        assertEquals(0, sessions.moves, "no session moves on a failure");
    }

    @Test
    void theRightPasswordAsksForACodeAndStillCountsTheUsersFailures() {
        users.add("frank", "right", false);
        users.next = SecondFactorRequirement.Kind.CHALLENGE;
        SignInResult.Passed passed = assertInstanceOf(SignInResult.Passed.class, signIn("frank", "right"));
        assertEquals(AuthLevel.ONE_FACTOR, passed.session().level());
        assertEquals(Session.Pending.SECOND_FACTOR, passed.session().pending());
        assertEquals(List.of("passed"), counters.settlements);
        assertEquals(List.of(), counters.forgotten, "a password alone never forgets the failures");
    }

    @Test
    void aPasswordThatIsTheWholeSignInForgetsTheUsersFailures() {
        users.add("gina", "right", false);
        users.next = SecondFactorRequirement.Kind.NOT_NEEDED;
        SignInResult.Passed passed = assertInstanceOf(SignInResult.Passed.class, signIn("Gina ", "right"));
        assertTrue(passed.session().satisfiesTwoFactor());
        assertEquals(List.of("gina"), counters.forgotten, "one counter per person, whatever the case typed");
    }

    @Test
    void aTrustedBrowserStandsInForTheCode() {
        users.add("hugo", "right", false);
        users.next = SecondFactorRequirement.Kind.CHALLENGE;
        devices.trusted = true;
        SignInResult.Passed passed = assertInstanceOf(SignInResult.Passed.class, signIn("hugo", "right"));
        assertEquals(AuthLevel.TWO_FACTOR, passed.session().level());
        assertEquals(List.of(false), sessions.byCode, "the code was not typed: no recent second factor");
        assertEquals(List.of("hugo"), counters.forgotten);
    }

    @Test
    void aStoreThatFailsMidWayDecidesNothingAndReleasesTheAttempt() {
        users.add("iris", "right", false);
        users.failure = new StoreUnavailableException(StoreUnavailableException.Store.POSTGRESQL, "test");
        RuntimeException failure = assertThrows(RuntimeException.class, () -> signIn("iris", "right"));
        assertTrue(StoreUnavailableException.in(failure), failure.toString());
        assertEquals(List.of("passed", "released"), counters.settlements,
                "released after passing: the fake counts both, the guard ignores the second");
    }

    private SignInResult signIn(String username, String password) {
        return step.signIn(CLIENT, anonymous(), username, password.toCharArray(), null).await().atMost(WAIT);
    }

    private static Session anonymous() {
        return SignInFakes.session(null, AuthLevel.NONE, Session.Pending.NONE);
    }

    /** Compares in the clear, and counts the checks: each one stands for a full hash. */
    @Vetoed // a stand-in, never a bean of the application under test
    private static final class FakeHasher extends PasswordHasher {
        int checks;

        FakeHasher(Vertx vertx) {
            super(new PasswordConfig() {
                @Override
                public int memoryKib() {
                    return 64;
                }

                @Override
                public int iterations() {
                    return 1;
                }

                @Override
                public int parallelism() {
                    return 1;
                }
            }, vertx);
        }

        @Override
        public Uni<Boolean> matches(char[] password, String storedHash) {
            checks++;
            return Uni.createFrom().item(storedHash != null && storedHash.equals(new String(password)));
        }
    }

    /** Recognises this browser for the user when told to. */
    @Vetoed // a stand-in, never a bean of the application under test
    private static final class FakeDevices extends TrustedDeviceStep {
        boolean trusted;

        FakeDevices(AuditLog audit) {
            super(null, null, audit);
        }

        @Override
        Uni<Optional<TrustedDevice>> recognise(Client client, User user, SecondFactorRequirement requirement,
                PolicySettings settings, String deviceToken) {
            if (!trusted || requirement.kind() != SecondFactorRequirement.Kind.CHALLENGE) {
                return Uni.createFrom().item(Optional.empty());
            }
            TrustedDevice device = new TrustedDevice();
            device.id = 7L;
            return Uni.createFrom().item(Optional.of(device));
        }
    }
}
