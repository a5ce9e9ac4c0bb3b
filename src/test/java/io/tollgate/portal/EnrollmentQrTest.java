package io.tollgate.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/**
 * What the QR code says is bounded, whatever the request carries: the issuer comes from the
 * configuration or a plain host name, never from an absurd Host header, and names are cut.
 */
@QuarkusTest
class EnrollmentQrTest {

    @Inject
    TestAccounts accounts;

    @BeforeEach
    void setUp() {
        accounts.policy(Set.of("qr-required"), Set.of(), false, 0, Duration.ZERO, true);
        accounts.unlock();
    }

    @Test
    void aFourThousandCharacterHostGetsABoundedIssuer() {
        accounts.create("qr-long-host", false, "qr-required");
        PortalClient browser = new PortalClient("a".repeat(3995) + ".test");
        browser.signIn("qr-long-host", TestAccounts.PASSWORD);
        Response page = browser.get("/.tollgate/enroll");
        assertEquals(200, page.statusCode());
        Authenticator app = Authenticator.scan(page.asString());
        assertEquals("Tollgate", app.key().issuer(), "the organisation's name, never the request's host");
        assertTrue(page.asString().length() < 20_000, "the page stays small: " + page.asString().length());
        assertEquals(303, browser.submit("/.tollgate/enroll", "name", "phone", "code", app.code()).statusCode());
    }

    @Test
    void theIssuerIsTheOrganisationWhateverTheHostAndALongUsernameIsCut() {
        String username = "qr-" + "x".repeat(100);
        accounts.create(username, false, "qr-required");
        PortalClient browser = new PortalClient("alpha.test:8443");
        browser.signIn(username, TestAccounts.PASSWORD);
        Authenticator app = Authenticator.scan(browser.get("/.tollgate/enroll").asString());
        assertEquals("Tollgate", app.key().issuer(), "tollgate.portal.brand.name, not the host");
        assertEquals(username.substring(0, 64), app.key().account());
    }

    @Test
    void anAddressLiteralHostIsNoIssuer() {
        accounts.create("qr-ipv6", false, "qr-required");
        PortalClient browser = new PortalClient("[::1]:8080");
        browser.signIn("qr-ipv6", TestAccounts.PASSWORD);
        Response page = browser.get("/.tollgate/enroll");
        assertEquals(200, page.statusCode());
        assertEquals("Tollgate", Authenticator.scan(page.asString()).key().issuer());
    }
}
