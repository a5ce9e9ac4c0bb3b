package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tollgate.testing.UpstreamTestResource;

@QuarkusTest
@TestProfile(CustomisedGatewayTest.OtherPrefixAndHeaderNames.class)
class CustomisedGatewayTest {

    public static class OtherPrefixAndHeaderNames implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tollgate.portal.path-prefix", "/_auth/",
                    "tollgate.identity-headers.user", "X-Auth-User",
                    "tollgate.identity-headers.groups", "X-Auth-Groups");
        }
    }

    @Test
    void theConfiguredPrefixIsReservedOnEveryHost() {
        int before = UpstreamTestResource.alpha().requestCount();
        given().header("Host", "alpha.test").get("/_auth/anything").then().statusCode(404);
        // The portal itself answers there, with links under the configured prefix.
        given().header("Host", "alpha.test").redirects().follow(false).get("/_auth").then().statusCode(303)
                .header("Location", "/_auth/login");
        given().header("Host", "alpha.test").get("/_auth/login").then().statusCode(200)
                .body(Matchers.containsString("action=\"/_auth/login\""))
                .body(Matchers.containsString("href=\"/_auth/static/portal.css?v="));
        given().header("Host", "alpha.test").get("/_auth/static/portal.css?v=1").then().statusCode(200)
                .contentType(Matchers.startsWith("text/css")).body(Matchers.startsWith(":root { --accent: "));
        assertEquals(before, UpstreamTestResource.alpha().requestCount());
    }

    @Test
    void protectedRoutesSendBrowsersToThePortalUnderTheConfiguredPrefix() {
        given().header("Host", "alpha.test").redirects().follow(false).get("/secure/page").then().statusCode(302)
                .header("Location", Matchers.startsWith("/_auth/login?rd="));
    }

    @Test
    void configuredIdentityHeaderNamesAreTheOnesRemoved() {
        given().header("Host", "alpha.test")
                .header("X-Auth-User", "admin").header("x_auth_groups", "admins")
                .get("/whoami")
                .then().statusCode(200)
                .body("headers.x-auth-user", nullValue())
                .body("headers.x_auth_groups", nullValue());
    }

    @Test
    void theDefaultPrefixBelongsToTheApplicationsOnceMoved() {
        given().header("Host", "alpha.test").get("/.tollgate/page")
                .then().statusCode(200).header("X-Upstream", "alpha").body("uri", equalTo("/.tollgate/page"));
    }
}
