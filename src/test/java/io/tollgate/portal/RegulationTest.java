package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/** Failed attempts as people meet them: per-user locks, an address shared by many, steps that fail half-way. */
@QuarkusTest
class RegulationTest {

    @Inject
    TestAccounts accounts;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void setUp() {
        accounts.policy(Set.of("reg-required"), Set.of(), false, 7, Duration.ZERO, true);
        accounts.unlock("reg-alice", "reg-bob", "reg-carol", "reg-doomed");
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
        SignIn.Result.Locked account = new SignIn.Result.Locked(until, SecondFactorGuard.LockKind.USER);
        SignIn.Result.Locked network = new SignIn.Result.Locked(until, SecondFactorGuard.LockKind.ADDRESS);
        assertTrue(LoginResource.locked(PortalPages.messages("en"), account).contains("for this account"));
        assertTrue(LoginResource.locked(PortalPages.messages("en"), network).contains("from your network"));
        assertTrue(LoginResource.locked(PortalPages.messages("fr"), account).contains("pour ce compte"));
        assertTrue(LoginResource.locked(PortalPages.messages("fr"), network).contains("depuis votre réseau"));
        assertEquals(429, CodeRefusal.of(network, PortalPages.messages("en"), 6, false).status());
    }

    @Test
    void anAttemptIsUncountedOnlyOnceWhenALaterStepFails() {
        accounts.create("reg-doomed", false);
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn("reg-doomed", "wrong").then().body(containsString("4 attempt(s) left"));
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
        browser.signIn("reg-doomed", "wrong again").then().body(containsString("3 attempt(s) left"));
    }
}
