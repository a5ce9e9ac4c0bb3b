package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.UpstreamTestResource;

@QuarkusTest
class GatewayRoutingTest {

    @Test
    void exactHostRouteTakesTheRequest() {
        given().header("Host", "alpha.test").get("/page")
                .then().statusCode(200).header("X-Upstream", "alpha").body("uri", equalTo("/page"));
    }

    @Test
    void longerPathPrefixWinsOnTheSameHost() {
        given().header("Host", "alpha.test").get("/api/items")
                .then().statusCode(200).header("X-Upstream", "beta");
        given().header("Host", "alpha.test").get("/api")
                .then().statusCode(200).header("X-Upstream", "beta");
    }

    @Test
    void prefixMatchesWholeSegmentsOnly() {
        given().header("Host", "alpha.test").get("/apis")
                .then().statusCode(200).header("X-Upstream", "alpha");
    }

    @Test
    void hostMatchingIgnoresCaseAndPort() {
        given().header("Host", "ALPHA.Test:8443").get("/x")
                .then().statusCode(200).header("X-Upstream", "alpha");
    }

    @Test
    void wildcardHostTakesSubdomainsButNotTheDomainItself() {
        given().header("Host", "app.wild.test").get("/")
                .then().statusCode(200).header("X-Upstream", "beta");
        given().header("Host", "deep.app.wild.test").get("/")
                .then().statusCode(200).header("X-Upstream", "beta");
        given().header("Host", "wild.test").get("/")
                .then().statusCode(404);
    }

    @Test
    void noRouteGivesA404PageOrJson() {
        given().header("Host", "nothing.test").accept("text/html").get("/")
                .then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("Page not found"));
        given().header("Host", "nothing.test").accept("application/json").get("/")
                .then().statusCode(404).contentType(containsString("application/json"))
                .body("status", equalTo(404)).body("error", equalTo("not_found"));
    }

    @Test
    void errorPagesSpeakFrenchWhenAsked() {
        given().header("Host", "nothing.test").header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5").get("/")
                .then().statusCode(404).body(containsString("Page introuvable")).body(containsString("lang=\"fr\""));
    }

    @Test
    void denyRouteAnswers403WithoutCallingTheUpstream() {
        int before = UpstreamTestResource.alpha().requestCount();
        given().header("Host", "alpha.test").get("/private/data")
                .then().statusCode(403).body(containsString("Access denied"));
        assertEquals(before, UpstreamTestResource.alpha().requestCount());
    }

    @Test
    void protectedRouteAnswers401UntilThePortalSignsIn() {
        int before = UpstreamTestResource.alpha().requestCount();
        given().header("Host", "alpha.test").accept("application/json").get("/secure/report")
                .then().statusCode(401).body("error", equalTo("unauthorized"));
        assertEquals(before, UpstreamTestResource.alpha().requestCount());
    }

    @Test
    void portalPrefixIsNeverProxiedOnAnyHost() {
        int before = UpstreamTestResource.alpha().requestCount();
        given().header("Host", "alpha.test").get("/.tollgate/anything").then().statusCode(404);
        given().header("Host", "alpha.test").get("/.tollgate").then().statusCode(404);
        // Dot segments cannot smuggle a portal path to the upstream, nor a path out of a denied prefix.
        given().header("Host", "alpha.test").urlEncodingEnabled(false).get("/public/../.tollgate/x")
                .then().statusCode(404);
        given().header("Host", "alpha.test").urlEncodingEnabled(false).get("/public/%2e%2e/private/data")
                .then().statusCode(403);
        assertEquals(before, UpstreamTestResource.alpha().requestCount());
    }
}
