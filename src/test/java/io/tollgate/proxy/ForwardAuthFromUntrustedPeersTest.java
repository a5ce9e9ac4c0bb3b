package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Without {@code tollgate.trusted-proxies} naming the peer, nobody may ask: a client that
 * reached the endpoints directly could otherwise describe any request it likes and read the
 * answer, or pass one proxy's check on another's behalf.
 */
@QuarkusTest
class ForwardAuthFromUntrustedPeersTest {

    @Test
    void forwardAuthFromAnUntrustedPeerIs400EvenForABypassRoute() {
        Response r = given().redirects().follow(false).header("X-Forwarded-Method", "GET")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "alpha.test")
                .header("X-Forwarded-Uri", "/").header("X-Forwarded-For", "192.0.2.10")
                .get("/.tollgate/api/authz/forward-auth");
        assertEquals(400, r.statusCode());
        assertNull(r.header("Remote-User"));
    }

    @Test
    void authRequestFromAnUntrustedPeerIs403() {
        assertEquals(403, given().header("X-Original-URL", "https://alpha.test/").header("X-Original-Method", "GET")
                .header("X-Forwarded-For", "192.0.2.10").get("/.tollgate/api/authz/auth-request").statusCode());
    }

    @Test
    void extAuthzFromAnUntrustedPeerIs400() {
        assertEquals(400, given().redirects().follow(false).header("Host", "alpha.test")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "192.0.2.10")
                .get("/.tollgate/api/authz/ext-authz/").statusCode());
    }
}
