package io.tollgate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.StoresTestResource;

@QuarkusTest
class ReadinessTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    @Test
    void readinessFollowsRedisAndLivenessDoesNot() {
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
        StoresTestResource.stores().stopRedis();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get(ready).then().statusCode(503).body("status", equalTo("DOWN")));
            given().get(live).then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            StoresTestResource.stores().startRedis();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get(ready).then().statusCode(200).body("status", equalTo("UP")));
    }
}
