package io.tollgate.audit;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import io.tollgate.http.LogSafe;
import io.tollgate.store.Database;
import io.tollgate.store.Sql;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes security events to {@code audit_event}, apart from the step they describe, so an
 * event is kept even when the step failed. Events arriving together share one insert and one
 * commit ({@link GroupCommit}), and each step waits until its event is committed: none is
 * acknowledged and then lost. Writing never fails the request: an event the database refused
 * is logged instead.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final String INSERT = "INSERT INTO audit_event "
            + "(occurred_at, username, client_ip, user_agent, type, outcome, details, acted_by) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private final GroupCommit<Tuple> batches;

    public AuditLog(Sql sql) {
        this.batches = new GroupCommit<>(rows -> sql.batch(INSERT, rows));
    }

    /**
     * Who and from where; the user may be null (an unknown name is recorded as typed, truncated).
     *
     * @param actedBy the administrator who acted on {@code username}'s account, or null
     */
    public record Actor(String username, String clientIp, String userAgent, String actedBy) {

        public Actor(String username, String clientIp, String userAgent) {
            this(username, clientIp, userAgent, null);
        }
    }

    public Uni<Void> record(Actor actor, AuditEvent.Type type, AuditEvent.Outcome outcome, String details) {
        String username = truncate(actor.username(), 128);
        Tuple row = Tuple.from(new Object[] { OffsetDateTime.now(), username, truncate(actor.clientIp(), 64),
            truncate(actor.userAgent(), 512), type.name(), outcome.name(), truncate(details, 1000),
            truncate(actor.actedBy(), 128) });
        return batches.write(row)
                .onFailure().invoke(failure -> LOG.warnf("Audit event %s/%s for %s not written: %s", type, outcome,
                        LogSafe.of(username), failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The latest events of a user, newest first. */
    public Uni<List<AuditEvent>> latestOf(String username, int count) {
        return Database.session(() -> Panache.getSession().flatMap(db -> db
                .createSelectionQuery("from AuditEvent where lower(username) = lower(?1) order by id desc", AuditEvent.class)
                .setParameter(1, username).setMaxResults(count).getResultList()));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
