package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.TestUpstream;
import io.tollgate.testing.UpstreamTestResource;

@QuarkusTest
class UpstreamFailureTest {

    @Test
    void refusedUpstreamGives502PageForBrowsersAndJsonForApis() {
        given().header("Host", "down.test").accept("text/html").get("/")
                .then().statusCode(502).contentType(containsString("text/html"))
                .body(containsString("Application unavailable"));
        given().header("Host", "down.test").accept("application/json").get("/")
                .then().statusCode(502).contentType(containsString("application/json"))
                .body("error", equalTo("bad_gateway"));
    }

    @Test
    void slowUpstreamGives504AfterTheRouteTimeout() {
        given().header("Host", "slow.test").accept("text/html").get("/slow?ms=3000")
                .then().statusCode(504).body(containsString("did not answer in time"));
        given().header("Host", "slow.test").accept("application/json").get("/slow?ms=3000")
                .then().statusCode(504).body("error", equalTo("gateway_timeout"));
        // Within the timeout the same route answers normally.
        given().header("Host", "slow.test").get("/slow?ms=100").then().statusCode(200);
    }

    @Test
    void otherRoutesKeepWorkingAndTheRouteRecoversWhenItsUpstreamReturns() {
        given().header("Host", "down.test").get("/").then().statusCode(502);
        given().header("Host", "alpha.test").get("/still-fine").then().statusCode(200);

        TestUpstream back = TestUpstream.start(UpstreamTestResource.vertx(), "back", UpstreamTestResource.downPort());
        try {
            given().header("Host", "down.test").get("/again")
                    .then().statusCode(200).header("X-Upstream", "back");
        } finally {
            back.close();
        }
        given().header("Host", "down.test").get("/").then().statusCode(502);
    }
}
