package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProxyMetricsTest {

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void requestsAreCountedWithLatencyHistogramByRouteAndStatusClass() {
        double before = count("wild", "2xx");
        given().header("Host", "m.wild.test").get("/counted").then().statusCode(200);
        given().header("Host", "m.wild.test").get("/counted").then().statusCode(200);
        given().header("Host", "m.wild.test").get("/counted?status=503").then().statusCode(503);
        assertTrue(count("wild", "2xx") >= before + 2, "2xx count grows by the requests made");
        assertTrue(count("wild", "5xx") >= 1);
        String text = given().get(metrics).asString();
        assertTrue(text.contains("tollgate_gateway_requests_seconds_bucket{route=\"wild\",status=\"2xx\",le=\"0.005\"}"),
                "latency histogram buckets are published");
    }

    private double count(String route, String status) {
        String prefix = "tollgate_gateway_requests_seconds_count{route=\"" + route + "\",status=\"" + status + "\"}";
        return given().get(metrics).asString().lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim()))
                .findFirst().orElse(0);
    }
}
