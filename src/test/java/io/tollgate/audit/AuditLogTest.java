package io.tollgate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tollgate.store.Sql;
import io.tollgate.testing.TestAccounts;
import io.vertx.mutiny.sqlclient.Tuple;

/** Events written together, against the real database. */
@QuarkusTest
class AuditLogTest {

    @Inject
    AuditLog audit;

    @Inject
    Sql sql;

    @Test
    void everyEventOfABurstIsCommittedBeforeItsStepGoesOn() {
        String user = "audit-burst-" + System.nanoTime();
        List<Uni<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            writes.add(audit.record(new AuditLog.Actor(user, "192.0.2." + (i % 250), "agent"), AuditEvent.Type.TOTP,
                    AuditEvent.Outcome.SUCCESS, "event " + i));
        }
        TestAccounts.await(() -> Uni.join().all(writes).andFailFast());
        List<AuditEvent> events = TestAccounts.await(() -> audit.latestOf(user, 500));
        assertEquals(120, events.size());
        assertTrue(events.stream().allMatch(e -> e.occurredAt != null && e.details.startsWith("event ")));
        assertEquals(120, events.stream().map(e -> e.details).distinct().count(), "each event once");
    }

    @Test
    void overlongValuesAreCutNotRefused() {
        String user = "audit-long-" + System.nanoTime();
        TestAccounts.await(() -> audit.record(new AuditLog.Actor(user, "x".repeat(100), "y".repeat(900)),
                AuditEvent.Type.LOGIN, AuditEvent.Outcome.FAILURE, "z".repeat(2000)));
        AuditEvent event = TestAccounts.await(() -> audit.latestOf(user, 1)).get(0);
        assertEquals(64, event.clientIp.length());
        assertEquals(512, event.userAgent.length());
        assertEquals(1000, event.details.length());
    }

    @Test
    void aBatchIsWrittenWholeOrNotAtAll() {
        String user = "audit-atomic-" + System.nanoTime();
        String insert = "INSERT INTO audit_event (occurred_at, username, type, outcome) VALUES ($1, $2, $3, $4)";
        List<Tuple> rows = List.of(Tuple.of(OffsetDateTime.now(), user, "TOTP", "SUCCESS"),
                // NOT NULL violated: the whole batch is refused, the first row with it.
                Tuple.of(OffsetDateTime.now(), user, "TOTP", null));
        assertThrows(IllegalStateException.class, () -> TestAccounts.await(() -> sql.batch(insert, rows)));
        assertEquals(0, TestAccounts.await(() -> audit.latestOf(user, 10)).size());
    }
}
