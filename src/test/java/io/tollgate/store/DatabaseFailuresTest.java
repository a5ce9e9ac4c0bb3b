package io.tollgate.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketException;

import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

/** Which database failures are an outage (503, nothing changed, try again) rather than a fault of ours (500). */
class DatabaseFailuresTest {

    @Test
    void aConnectionLostOrEndedByTheServerIsAnOutage() {
        assertTrue(Database.unreachable(new HibernateException(new SocketException("Connection reset"))),
                "a pooled connection reset (a restart, a failover, a terminated backend)");
        assertTrue(Database.unreachable(new ConnectException("Connection refused")));
        assertTrue(Database.unreachable(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null)));
        assertTrue(Database.unreachable(new PgException("the database system is starting up", "FATAL", "57P03", null)));
        assertTrue(Database.unreachable(new HibernateException(new PgException("connection failure", "FATAL", "08006",
                null))));
    }

    @Test
    void whatTheDatabaseRefusesOnPurposeIsNoOutage() {
        assertFalse(Database.unreachable(new PgException("duplicate key value", "ERROR", "23505", null)));
        assertFalse(Database.unreachable(new PgException("read-only transaction", "ERROR", "25006", null)),
                "a read-only database is said as such, not as an outage");
        assertFalse(Database.unreachable(new IllegalStateException("a bug of ours")));
        assertFalse(Database.unreachable(new StoreUnavailableException(StoreUnavailableException.Store.POSTGRESQL,
                "already classified")));
    }
}
