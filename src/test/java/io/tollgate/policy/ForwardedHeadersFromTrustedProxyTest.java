package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.tollgate.testing.LoopbackIsATrustedProxy;
import io.tollgate.testing.PortalClient;

/**
 * Through the gateway, behind a trusted proxy (here: the tests' own address): its
 * X-Forwarded-For names the client, and its X-Forwarded-Proto and X-Forwarded-Host the scheme
 * and host that redirects and return addresses use. How the chain is walked is
 * {@link TrustedProxiesTest}'s.
 */
@QuarkusTest
@TestProfile(LoopbackIsATrustedProxy.class)
class ForwardedHeadersFromTrustedProxyTest {

    @Test
    void theClientNamedByATrustedProxyIsTheOneRulesSee() {
        JsonPath seen = new PortalClient("alpha.test").header("X-Forwarded-For", "10.1.2.3")
                .header("X-Forwarded-Proto", "https").get("/secure/remote/x").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("10.1.2.3, 127.0.0.1", seen.getString("headers.x-forwarded-for"));
        assertEquals("10.1.2.3", seen.getString("headers.x-real-ip"));
        assertEquals("https", seen.getString("headers.x-forwarded-proto"));
    }

    @Test
    void aHopAddedByTheClientBeforeTheProxyDoesNotCount() {
        // The proxy appends the address it saw (192.0.2.7); what the client claimed before it is ignored.
        assertEquals(302, new PortalClient("alpha.test").header("X-Forwarded-For", "10.1.2.3, 192.0.2.7")
                .get("/secure/remote/x").statusCode());
    }

    @Test
    void signInRedirectsKeepTheSchemeTheProxySaw() {
        String location = new PortalClient("alpha.test").header("X-Forwarded-Proto", "https").get("/secure/page")
                .header("Location");
        assertEquals("/.tollgate/login?rd=https%3A%2F%2Falpha.test%2Fsecure%2Fpage", location);
    }

    @Test
    void theReturnAddressUsesTheHostTheProxySawAndThePortalAcceptsIt() {
        // Host is the gateway's inside name; the browser addressed the external one.
        PortalClient browser = new PortalClient("alpha.test").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "Wiki.Example.COM");
        String location = browser.get("/secure/page").header("Location");
        assertEquals("/.tollgate/login?rd=https%3A%2F%2Fwiki.example.com%2Fsecure%2Fpage", location);
        // The login page keeps that address: the portal judges it against the same origin.
        browser.get(location).then().statusCode(200);
        assertEquals("https://wiki.example.com/secure/page", browser.hiddenFields().get("rd"));
    }

    @Test
    void aMalformedForwardedHostIsIgnored() {
        String location = new PortalClient("alpha.test").header("X-Forwarded-Host", "evil.test/@x")
                .get("/secure/page").header("Location");
        assertEquals("/.tollgate/login?rd=http%3A%2F%2Falpha.test%2Fsecure%2Fpage", location);
    }
}
