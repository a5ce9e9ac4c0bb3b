package io.tollgate.audit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import io.tollgate.store.Database;

/**
 * Writes security events to {@code audit_event}, each in its own transaction, so an event is
 * kept even when the step it describes failed. Writing never fails the request: a lost
 * event is logged instead.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    /** Who and from where; the user may be null (an unknown name is recorded as typed, truncated). */
    public record Actor(String username, String clientIp, String userAgent) {
    }

    public Uni<Void> record(Actor actor, AuditEvent.Type type, AuditEvent.Outcome outcome, String details) {
        AuditEvent event = new AuditEvent();
        event.username = truncate(actor.username(), 128);
        event.clientIp = truncate(actor.clientIp(), 64);
        event.userAgent = truncate(actor.userAgent(), 512);
        event.type = type.name();
        event.outcome = outcome.name();
        event.details = truncate(details, 1000);
        return Database.transaction(() -> Panache.getSession().flatMap(db -> db.persist(event)))
                .onFailure().invoke(failure -> LOG.warnf("Audit event %s/%s for %s not written: %s", type, outcome,
                        event.username, failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
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
