package io.tollgate.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.TestAccounts;

/** Every audited event counts in tollgate_security_events_total, by type and outcome, as Prometheus reads it. */
@QuarkusTest
class SecurityEventMetricsTest {

    @Inject
    AuditLog audit;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void eachEventCountsByTypeAndOutcomeOnTheMetricsEndpoint() {
        double before = count("totp", "replay");
        TestAccounts.await(() -> audit.record(new AuditLog.Actor("metrics-user", "192.0.2.1", "agent"),
                AuditEvent.Type.TOTP, AuditEvent.Outcome.REPLAY, "a code used twice"));
        TestAccounts.await(() -> audit.record(new AuditLog.Actor("metrics-user", "192.0.2.1", "agent"),
                AuditEvent.Type.TOTP, AuditEvent.Outcome.REPLAY, "a code used twice"));
        assertEquals(before + 2, count("totp", "replay"));
        String scraped = given().get(metrics).then().statusCode(200).extract().asString();
        assertTrue(scraped.lines().anyMatch(line -> line.startsWith("tollgate_security_events_total{")
                && line.contains("type=\"totp\"") && line.contains("outcome=\"replay\"")), scraped);
    }

    private double count(String type, String outcome) {
        var counter = registry.find(AuditLog.METER).tag("type", type).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
