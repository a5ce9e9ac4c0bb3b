package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tollgate.testing.UpstreamTestResource;

@QuarkusTest
@TestProfile(CustomPortalPrefixTest.PortalUnderAuth.class)
class CustomPortalPrefixTest {

    public static class PortalUnderAuth implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tollgate.portal.path-prefix", "/_auth/");
        }
    }

    @Test
    void theConfiguredPrefixIsReservedOnEveryHost() {
        int before = UpstreamTestResource.alpha().requestCount();
        given().header("Host", "alpha.test").get("/_auth/anything").then().statusCode(404);
        given().header("Host", "alpha.test").get("/_auth").then().statusCode(404);
        assertEquals(before, UpstreamTestResource.alpha().requestCount());
    }

    @Test
    void theDefaultPrefixBelongsToTheApplicationsOnceMoved() {
        given().header("Host", "alpha.test").get("/.tollgate/page")
                .then().statusCode(200).header("X-Upstream", "alpha").body("uri", equalTo("/.tollgate/page"));
    }
}
