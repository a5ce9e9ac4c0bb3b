package io.tollgate.portal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.session.Session;
import io.tollgate.session.SessionStore;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/**
 * An administrator acts as another user for support: applications see that user with the
 * administrator as impersonator, the user is asked for nothing, every portal page says so with
 * a way to stop, it ends at stop, logout or its time, and start and end are audited.
 */
@QuarkusTest
class ActingAsAnotherUserTest {

    @Inject
    TestAccounts accounts;

    @Inject
    AuditLog audit;

    @Inject
    SessionStore sessions;

    private String admin;
    private String target;

    @BeforeEach
    void users() {
        accounts.policy(Set.of("support-required"), Set.of(), true, 0, Duration.ZERO, true);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        admin = "helpdesk-" + suffix;
        target = "customer-" + suffix;
        accounts.create(admin, true);
        accounts.create(target, false, "customer-group");
    }

    /** The administrator, signed in with both factors (enrollment gives the code), on the application's host. */
    private PortalClient administrator() {
        PortalClient browser = new PortalClient("alpha.test");
        assertEquals(303, browser.signIn(admin, TestAccounts.PASSWORD).statusCode());
        browser.enroll();
        return browser;
    }

    private JsonPath seenUpstream(PortalClient browser) {
        Response r = browser.get("/secure/ticket");
        assertEquals(200, r.statusCode(), r.asString());
        return r.jsonPath();
    }

    @Test
    void theApplicationSeesTheUserWithTheAdministratorAsImpersonatorUntilStop() {
        PortalClient browser = administrator();
        assertEquals(admin, seenUpstream(browser).getString("headers.remote-user"));
        browser.get("/.tollgate/").then().body(containsString("href=\"/.tollgate/act-as\""));
        browser.get("/.tollgate/act-as").then().statusCode(200).body(containsString("for at most 60 minutes"));
        Response started = browser.submit("/.tollgate/act-as", "username", target.toUpperCase());
        assertEquals(303, started.statusCode(), started.asString());

        JsonPath seen = seenUpstream(browser);
        assertEquals(target, seen.getString("headers.remote-user"));
        assertEquals("customer-group", seen.getString("headers.remote-groups"));
        assertEquals(admin, seen.getString("headers.remote-impersonator"));
        browser.get("/.tollgate/account").then().body(containsString("You are acting as " + target));

        browser.get("/.tollgate/account");
        assertEquals(303, browser.submit("/.tollgate/act-as/stop").statusCode());
        JsonPath after = seenUpstream(browser);
        assertEquals(admin, after.getString("headers.remote-user"));
        assertNull(after.getString("headers.remote-impersonator"));
        browser.get("/.tollgate/account").then().body(not(containsString("You are acting as")));

        List<String> events = TestAccounts.await(() -> audit.latestOf(admin, 20)).stream()
                .map(e -> e.type + " " + e.details).toList();
        assertTrue(events.stream().anyMatch(e -> e.startsWith("DELEGATION_STARTED acting as " + target + " until")),
                events.toString());
        assertTrue(events.contains("DELEGATION_ENDED acting as " + target + " stopped"), events.toString());
    }

    @Test
    void logoutEndsItAndIsAudited() {
        PortalClient browser = administrator();
        browser.get("/.tollgate/act-as");
        assertEquals(303, browser.submit("/.tollgate/act-as", "username", target).statusCode());
        browser.logout();
        assertEquals(302, browser.get("/secure/ticket").statusCode());
        List<String> events = TestAccounts.await(() -> audit.latestOf(admin, 20)).stream()
                .map(e -> e.type + " " + e.details).toList();
        assertTrue(events.contains("DELEGATION_ENDED acting as " + target + " ended at logout"), events.toString());
    }

    @Test
    void aChangeToTheUserEndsTheAdministratorsSessionActingAsThem() {
        PortalClient browser = administrator();
        browser.get("/.tollgate/act-as");
        assertEquals(303, browser.submit("/.tollgate/act-as", "username", target).statusCode());
        assertEquals(target, seenUpstream(browser).getString("headers.remote-user"));
        accounts.sql("UPDATE users SET disabled = TRUE WHERE username = ?1", target);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> browser.get("/secure/ticket").statusCode() == 302);
    }

    @Test
    void itEndsByItselfAtItsTime() throws Throwable {
        PortalClient browser = administrator();
        browser.get("/.tollgate/act-as");
        assertEquals(303, browser.submit("/.tollgate/act-as", "username", target).statusCode());
        String id = browser.cookie("tollgate_session");
        VertxContextSupport.subscribeAndAwait(() -> sessions.find(id).flatMap(found -> {
            Session.Delegation d = found.orElseThrow().delegation();
            return sessions.update(found.get().withDelegation(new Session.Delegation(d.username(), d.identity(),
                    d.started(), Instant.now().minusSeconds(1))));
        }));
        assertEquals(admin, seenUpstream(browser).getString("headers.remote-user"));
    }

    @Test
    void onlyAnAdministratorWithTwoFactorsMayAndOnlyAsAnActiveOtherUser() {
        PortalClient user = new PortalClient("alpha.test");
        accounts.create("plain-" + target, false);
        assertEquals(303, user.signIn("plain-" + target, TestAccounts.PASSWORD).statusCode());
        user.get("/.tollgate/act-as").then().statusCode(403);
        user.get("/.tollgate/").then().body(not(containsString("act-as")));

        PortalClient browser = administrator();
        browser.get("/.tollgate/act-as");
        Response unknown = browser.submit("/.tollgate/act-as", "username", "nobody-" + target);
        assertEquals(400, unknown.statusCode());
        unknown.then().body(containsString("No active user has this name.")).body(containsString("value=\"nobody-"));
        browser.get("/.tollgate/act-as");
        assertEquals(400, browser.submit("/.tollgate/act-as", "username", admin).statusCode(), "not as oneself");
        accounts.sql("UPDATE users SET disabled = TRUE WHERE username = ?1", target);
        browser.get("/.tollgate/act-as");
        assertEquals(400, browser.submit("/.tollgate/act-as", "username", target).statusCode(), "not as a disabled user");
        assertEquals(admin, seenUpstream(browser).getString("headers.remote-user"));
    }
}
