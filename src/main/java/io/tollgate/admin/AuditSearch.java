package io.tollgate.admin;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditEvent;
import io.tollgate.store.Database;

/** The audit log as administrators read it: filtered, newest first, a page at a time by cursor. */
@ApplicationScoped
public class AuditSearch {

    /** An export holds at most this many events: narrow the filters for more. */
    public static final int MAX_EXPORT = 100_000;

    public static boolean knownType(String type) {
        return Arrays.stream(AuditEvent.Type.values()).anyMatch(t -> t.name().equalsIgnoreCase(type));
    }

    public Uni<Page<UserDetail.Event>> search(AuditQuery query) {
        // Refused input arrives as a failure, like every other outcome, never as a throw.
        return Uni.createFrom().deferred(() -> {
            Map<String, Refusal> errors = AccountRules.errors();
            query.type().ifPresent(type -> {
                if (!knownType(type)) {
                    errors.put("type", Refusal.of(Refusal.Reason.ONE_OF, Arrays.toString(AuditEvent.Type.values())));
                }
            });
            if (query.from().isPresent() && query.to().isPresent() && !query.from().get().isBefore(query.to().get())) {
                errors.put("to", Refusal.of(Refusal.Reason.AFTER_FROM));
            }
            Long before = null;
            if (query.cursor().isPresent()) {
                try {
                    before = Long.parseLong(query.cursor().get());
                } catch (NumberFormatException e) {
                    errors.put("cursor", Refusal.of(Refusal.Reason.CURSOR_UNKNOWN));
                }
            }
            AccountRules.check(errors);
            StringBuilder where = new StringBuilder("from AuditEvent e where 1 = 1");
            List<Object> parameters = new ArrayList<>();
            query.user().filter(u -> !u.isBlank()).ifPresent(user -> {
                parameters.add(user.trim());
                where.append(" and (lower(e.username) = lower(?").append(parameters.size())
                        .append(") or lower(e.actedBy) = lower(?").append(parameters.size()).append("))");
            });
            query.type().ifPresent(type -> {
                parameters.add(type.toUpperCase(java.util.Locale.ROOT));
                where.append(" and e.type = ?").append(parameters.size());
            });
            query.from().ifPresent(from -> {
                parameters.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                where.append(" and e.occurredAt >= ?").append(parameters.size());
            });
            query.to().ifPresent(to -> {
                parameters.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                where.append(" and e.occurredAt < ?").append(parameters.size());
            });
            if (before != null) {
                parameters.add(before);
                where.append(" and e.id < ?").append(parameters.size());
            }
            where.append(" order by e.id desc");
            return Database.session(() -> Panache.getSession().flatMap(db -> {
                var select = db.createSelectionQuery(where.toString(), AuditEvent.class);
                for (int i = 0; i < parameters.size(); i++) {
                    select.setParameter(i + 1, parameters.get(i));
                }
                return select.setMaxResults(query.limit() + 1).getResultList();
            })).map(found -> {
                List<UserDetail.Event> events = new ArrayList<>();
                for (AuditEvent e : found.subList(0, Math.min(found.size(), query.limit()))) {
                    events.add(new UserDetail.Event(e.id, UserAdministration.instant(e.occurredAt), e.username, e.type, e.outcome,
                            e.details, e.actedBy, e.clientIp));
                }
                return new Page<>(events, found.size() > query.limit() ? String.valueOf(events.get(events.size() - 1).id())
                        : null);
            });
        });
    }

    /** Every event the query selects, for a CSV export; more than {@link #MAX_EXPORT} is a field error. */
    public Uni<List<UserDetail.Event>> all(AuditQuery query) {
        List<UserDetail.Event> gathered = new ArrayList<>();
        return everything(query, gathered).replaceWith(gathered);
    }

    private Uni<Void> everything(AuditQuery query, List<UserDetail.Event> gathered) {
        return search(query).flatMap(page -> {
            gathered.addAll(page.items());
            if (gathered.size() > MAX_EXPORT) {
                return Uni.createFrom().failure(InvalidInput.of("to", Refusal.Reason.TOO_MANY_EVENTS, MAX_EXPORT));
            }
            return page.next() == null ? Uni.createFrom().voidItem() : everything(query.after(page.next()), gathered);
        });
    }
}
