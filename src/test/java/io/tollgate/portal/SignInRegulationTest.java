package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.tollgate.guard.Attempt;
import io.tollgate.guard.GuardBench;
import io.tollgate.guard.RegulationConfig;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.signin.SignInResult;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.StoresTestResource;
import io.tollgate.testing.TestAccounts;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/** Failed attempts as people meet them: per-user locks, an address shared by many, steps that fail half-way. */
@QuarkusTest
class SignInRegulationTest {

    @Inject
    TestAccounts accounts;

    @Inject
    MeterRegistry meters;

    @Inject
    RegulationConfig regulation;

    @Inject
    Vertx vertx;

    /** The gateway's rules on the same Redis, but answering without waiting: to prepare a busy network quickly. */
    private SecondFactorGuard sameRules;
    private Redis redis;

    @BeforeEach
    void setUp() {
        accounts.policy(Set.of("reg-required"), Set.of(), false, 7, Duration.ZERO, true);
        accounts.unlock("reg-alice", "reg-bob", "reg-carol", "reg-doomed", "reg-dave", "reg-erin");
        redis = Redis.createClient(vertx, StoresTestResource.stores().redisUrl());
        sameRules = GuardBench.guard(redis, regulation, d -> Uni.createFrom().voidItem(),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() {
        accounts.unlock();
        redis.close();
    }

    /** The tests' own network (the portal sees 127.0.0.1) past the throttle threshold, by guesses at other names. */
    private void failuresFromTheTestsNetwork(int failures) {
        for (int i = 0; i < failures; i++) {
            int n = i;
            Attempt attempt = TestAccounts.await(() -> sameRules.reserve("reg-sprayed-" + n, false, "127.0.0.1"));
            TestAccounts.await(() -> attempt.failed(null));
        }
    }

    /** The interval between two turns of a network with this many failures before the first (the guard's rule). */
    private Duration interval(int failures) {
        Duration doubled = Duration.ofMillis(100L << (failures - regulation.addressThrottleAfter()));
        return doubled.compareTo(regulation.addressMaxDelay()) > 0 ? regulation.addressMaxDelay() : doubled;
    }

    @Test
    void aRightPasswordFromABusyNetworkIsOnlyDelayedWhileItsQueueIsShort() {
        accounts.create("reg-erin", false);
        int failures = regulation.addressThrottleAfter() + 4;
        failuresFromTheTestsNetwork(failures);
        // Someone else's attempt takes the network's next turn; the right password comes one interval later.
        Attempt ahead = TestAccounts.await(() -> sameRules.reserve("reg-ahead", false, "127.0.0.1"));
        Instant aheadTurn = ahead.decision().slot().orElseThrow();
        long start = System.currentTimeMillis();
        Response right = new PortalClient("alpha.test").signIn("reg-erin", TestAccounts.PASSWORD);
        long took = System.currentTimeMillis() - start;
        assertEquals(303, right.statusCode(), "signed in");
        Instant itsTurn = aheadTurn.plus(interval(failures));
        assertTrue(took >= itsTurn.toEpochMilli() - start, "answered after " + took + " ms, before its turn "
                + itsTurn);
        // The network's next free turn is one interval after the sign-in's own.
        String next = TestAccounts.await(() -> redis.send(Request
                .cmd(Command.GET).arg("tollgate:{guard}:slot:ip:127.0.0.1"))).toString();
        assertTrue(Long.parseLong(next) >= itsTurn.plus(interval(failures + 1)).toEpochMilli(), next);
    }

    @Test
    void pastTheQueueCapEveryoneFromTheNetworkIsToldToComeBackInSeconds() {
        accounts.create("reg-dave", false);
        failuresFromTheTestsNetwork(regulation.addressThrottleAfter() + 4);
        // Guesses sent together, one per username, fill the queue of the network.
        int queued = 0;
        while (queued < 40 && !TestAccounts.await(() -> sameRules.reserve("reg-queued-" + System.nanoTime(), false,
                "127.0.0.1")).refused()) {
            queued++;
        }
        assertTrue(queued < 40, "the queue is bounded: " + queued + " attempts queued");
        // Found full with room again in up to one interval; one more guess queued meanwhile (as on
        // a busy network) keeps it full for a minute, however slow the machine is to send the next.
        String tail = TestAccounts.await(() -> redis.send(Request.cmd(Command.GET).arg("tollgate:{guard}:slot:ip:127.0.0.1")))
                .toString();
        TestAccounts.await(() -> redis.send(Request.cmd(Command.SET).arg("tollgate:{guard}:slot:ip:127.0.0.1")
                .arg(Long.parseLong(tail) + 60_000).arg("PX").arg(120_000)));
        Response right = new PortalClient("alpha.test").signIn("reg-dave", TestAccounts.PASSWORD);
        assertEquals(429, right.statusCode(), "the right password too, while the queue is full");
        right.then().body(containsString("from your network")).body(containsString("second"));
        Response unknown = new PortalClient("alpha.test").signIn("reg-nobody-" + System.nanoTime(), "a guess");
        assertEquals(429, unknown.statusCode(), "an unknown username gets the same answer");
        unknown.then().body(containsString("from your network"));
    }

    @Test
    void failuresOnTwoAccountsFromOneAddressDoNotLockOutAThirdUser() {
        accounts.create("reg-alice", false);
        accounts.create("reg-bob", false);
        accounts.create("reg-carol", false);
        double lockouts = userLockouts();
        PortalClient office = new PortalClient("alpha.test");
        for (String user : new String[] { "reg-alice", "reg-bob" }) {
            for (int i = 1; i < 5; i++) {
                assertEquals(401, office.signIn(user, "wrong " + i).statusCode());
            }
            Response locked = office.signIn(user, "wrong 5");
            assertEquals(429, locked.statusCode());
            locked.then().body(containsString("Sign-in is locked"));
            assertEquals(429, office.signIn(user, TestAccounts.PASSWORD).statusCode(), "the account stays locked");
        }
        assertEquals(303, new PortalClient("alpha.test").signIn("reg-carol", TestAccounts.PASSWORD).statusCode(),
                "a colleague behind the same address signs in");
        assertEquals(lockouts + 2, userLockouts(), "tollgate_lockouts_total{kind=user} counts both locks");
    }

    private double userLockouts() {
        Counter counter = meters.find("tollgate.lockouts").tag("kind", "user").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theRefusalSaysWhichLimitApplies() {
        Instant until = Instant.now().plus(Duration.ofMinutes(5));
        SignInResult.Locked account = new SignInResult.Locked(until, SecondFactorGuard.LockKind.USER);
        SignInResult.Locked network = new SignInResult.Locked(until, SecondFactorGuard.LockKind.ADDRESS);
        assertTrue(LoginResource.locked(PortalPages.messages("en"), account).contains("for this account"));
        assertTrue(LoginResource.locked(PortalPages.messages("en"), network).contains("from your network"));
        assertTrue(LoginResource.locked(PortalPages.messages("en"), new SignInResult.Locked(
                Instant.now().plusMillis(7_200), SecondFactorGuard.LockKind.ADDRESS)).contains("in 8 seconds"));
        assertTrue(LoginResource.locked(PortalPages.messages("fr"), account).contains("pour ce compte"));
        assertTrue(LoginResource.locked(PortalPages.messages("fr"), network).contains("depuis votre réseau"));
        assertEquals(429, CodeRefusal.of(network, PortalPages.messages("en"), 6, false).status());
    }

    @Test
    void anAttemptIsUncountedOnlyOnceWhenALaterStepFails() {
        accounts.create("reg-doomed", false);
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("reg-doomed", "wrong").then().body(containsString("4 attempts left"));
        // The password is right, then recording the sign-in fails in the database.
        accounts.sql("CREATE OR REPLACE FUNCTION reg_test_refuse() RETURNS trigger AS $$ BEGIN "
                + "IF NEW.username = 'reg-doomed' THEN RAISE EXCEPTION 'refused by a test'; END IF; "
                + "RETURN NEW; END $$ LANGUAGE plpgsql");
        accounts.sql("CREATE TRIGGER reg_test_refuse BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION reg_test_refuse()");
        try {
            Response failed = browser.signIn("reg-doomed", TestAccounts.PASSWORD);
            assertEquals(500, failed.statusCode());
            failed.then().body(not(containsString(TestAccounts.PASSWORD)));
        } finally {
            accounts.sql("DROP TRIGGER reg_test_refuse ON users");
        }
        browser.signIn("reg-doomed", "wrong again").then().body(containsString("3 attempts left"));
    }
}
