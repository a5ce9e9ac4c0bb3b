package io.tollgate.audit;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.micrometer.core.instrument.MeterRegistry;
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
 * is logged instead. Each event also counts in {@code tollgate.security.events} (by type and
 * outcome) and is written as one line on the {@code tollgate.security} log category, its fields
 * in the MDC so that JSON logging carries them as fields.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final Logger SECURITY = Logger.getLogger("tollgate.security");
    static final String METER = "tollgate.security.events";
    private static final String INSERT = "INSERT INTO audit_event "
            + "(occurred_at, username, client_ip, user_agent, type, outcome, details, acted_by) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private final GroupCommit<Tuple> batches;
    private final MeterRegistry registry;

    public AuditLog(Sql sql, MeterRegistry registry) {
        this.batches = new GroupCommit<>(rows -> sql.batch(INSERT, rows));
        this.registry = registry;
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
        registry.counter(METER, "type", type.name().toLowerCase(Locale.ROOT), "outcome",
                outcome.name().toLowerCase(Locale.ROOT)).increment();
        logLine(actor, type, outcome, username);
        return batches.write(row)
                .onFailure().invoke(failure -> LOG.warnf("Audit event %s/%s for %s not written: %s", type, outcome,
                        LogSafe.of(username), failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** One line per event; the MDC fields are set and cleared on this thread around it. */
    private static void logLine(Actor actor, AuditEvent.Type type, AuditEvent.Outcome outcome, String username) {
        if (!SECURITY.isInfoEnabled()) {
            return;
        }
        MDC.put("event.type", type.name());
        MDC.put("event.outcome", outcome.name());
        putIfPresent("user.name", username);
        putIfPresent("client.address", actor.clientIp());
        putIfPresent("event.acted_by", actor.actedBy());
        try {
            SECURITY.infof("%s %s user=%s client=%s%s", type, outcome, LogSafe.of(username), LogSafe.of(actor.clientIp()),
                    actor.actedBy() == null ? "" : " by=" + LogSafe.of(actor.actedBy()));
        } finally {
            MDC.remove("event.type");
            MDC.remove("event.outcome");
            MDC.remove("user.name");
            MDC.remove("client.address");
            MDC.remove("event.acted_by");
        }
    }

    private static void putIfPresent(String key, String value) {
        if (value != null) {
            MDC.put(key, LogSafe.of(value));
        }
    }

    /** The latest events of a user, newest first. */
    public Uni<List<AuditEvent>> latestOf(String username, int count) {
        return Database.session(() -> Panache.getSession().flatMap(db -> db
                .createSelectionQuery("from AuditEvent where lower(username) = lower(?1) order by id desc", AuditEvent.class)
                .setParameter(1, username).setMaxResults(count).getResultList()));
    }

    /** A user's events of one type and outcome since a time, newest first, at most {@code count}. */
    public Uni<List<AuditEvent>> ofUserSince(String username, AuditEvent.Type type, AuditEvent.Outcome outcome,
            java.time.OffsetDateTime since, int count) {
        return Database.session(() -> Panache.getSession().flatMap(db -> db
                .createSelectionQuery("from AuditEvent where lower(username) = lower(?1) and type = ?2 and outcome = ?3"
                        + " and occurredAt >= ?4 order by id desc", AuditEvent.class)
                .setParameter(1, username).setParameter(2, type.name()).setParameter(3, outcome.name())
                .setParameter(4, since).setMaxResults(count).getResultList()));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
