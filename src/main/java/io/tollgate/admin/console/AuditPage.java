package io.tollgate.admin.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.AuditQuery;
import io.tollgate.admin.AuditSearch;
import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.Refusal;
import io.tollgate.admin.Reports;
import io.tollgate.audit.AuditEvent;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.PortalConfig;
import io.tollgate.portal.PortalRequest;
import io.vertx.core.http.HttpServerRequest;

/** The audit log: filters by user, event type and time range (UTC), newest first, page by page, and CSV. */
@Path(PortalConfig.INTERNAL_PREFIX + "/admin/audit")
public class AuditPage {

    static final int PAGE_SIZE = 50;
    static final List<String> TYPES = Arrays.stream(AuditEvent.Type.values()).map(Enum::name).toList();

    private final ConsoleAccess access;
    private final ConsolePages pages;
    private final AuditSearch audit;
    private final RequestPolicy policy;

    public AuditPage(ConsoleAccess access, ConsolePages pages, AuditSearch audit, RequestPolicy policy) {
        this.access = access;
        this.pages = pages;
        this.audit = audit;
        this.policy = policy;
    }

    @GET
    public Uni<Response> list(HttpServerRequest http, @RestQuery String lang, @RestQuery String user,
            @RestQuery String type, @RestQuery String from, @RestQuery String to, @RestQuery String cursor) {
        PortalRequest request = PortalRequest.of(http, policy);
        return access.show(request, lang, "/audit" + query(user, type, from, to, cursor), "audit", page -> {
            ConsoleMessages m = ConsolePages.messages(page.lang());
            Map<String, Refusal> errors = new LinkedHashMap<>();
            AuditQuery query = query(errors, user, type, from, to, cursor, PAGE_SIZE);
            if (!errors.isEmpty()) {
                return Uni.createFrom().item(view(400, page, user, type, from, to, List.of(), null,
                        Refusals.byField(m, errors)));
            }
            return audit.search(query)
                    .map(found -> view(200, page, user, type, from, to, found.items(), found.next() == null ? null
                            : pages.base() + "/audit" + query(user, type, from, to, found.next()), Map.of()))
                    .onFailure(InvalidInput.class).recoverWithItem(bad -> view(400, page, user, type, from, to, List.of(),
                            null, Refusals.byField(m, ((InvalidInput) bad).refusals())));
        });
    }

    @GET
    @Path("/csv")
    public Uni<Response> csv(HttpServerRequest http, @RestQuery String user, @RestQuery String type,
            @RestQuery String from, @RestQuery String to) {
        PortalRequest request = PortalRequest.of(http, policy);
        return access.show(request, null, "/audit", "audit", page -> {
            ConsoleMessages m = ConsolePages.messages(page.lang());
            Map<String, Refusal> errors = new LinkedHashMap<>();
            AuditQuery query = query(errors, user, type, from, to, null, 1000);
            if (!errors.isEmpty()) {
                return Uni.createFrom().item(Response.status(400).type("text/plain; charset=utf-8")
                        .entity(Refusals.inOneLine(m, new InvalidInput(errors))).build());
            }
            return audit.all(query).map(events -> Response.ok(Reports.audit(events), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                    .header("Cache-Control", "no-store").build())
                    .onFailure(InvalidInput.class).recoverWithItem(bad -> Response.status(400)
                            .type("text/plain; charset=utf-8").entity(Refusals.inOneLine(m, (InvalidInput) bad))
                            .build());
        });
    }

    private Response view(int status, ConsolePage page, String user, String type, String from, String to,
            List<io.tollgate.admin.UserDetail.Event> events, String next, Map<String, String> errors) {
        AuditView view = new AuditView(orEmpty(user), orEmpty(type), orEmpty(from), orEmpty(to), TYPES, events, next,
                pages.base() + "/audit/csv" + query(user, type, from, to, null), errors);
        return ConsolePages.html(status, page, ConsolePages.Templates.audit(page, view));
    }

    static AuditQuery query(Map<String, Refusal> errors, String user, String type, String from, String to,
            String cursor, int limit) {
        if (!Typed.blank(type) && !AuditSearch.knownType(type)) {
            errors.put("type", Refusal.of(Refusal.Reason.ONE_OF, String.join(", ", TYPES)));
        }
        Optional<Instant> since = time(errors, "from", from);
        Optional<Instant> until = time(errors, "to", to);
        return new AuditQuery(Optional.ofNullable(Typed.blank(user) ? null : user.trim()),
                Optional.ofNullable(Typed.blank(type) ? null : type), since, until,
                Optional.ofNullable(Typed.blank(cursor) ? null : cursor), limit);
    }

    /** A date-time field as the browser sends it (2026-11-30T08:00), read as UTC. */
    private static Optional<Instant> time(Map<String, Refusal> errors, String field, String value) {
        if (Typed.blank(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            errors.put(field, Refusal.of(Refusal.Reason.DATE_TIME));
            return Optional.empty();
        }
    }

    private static String query(String user, String type, String from, String to, String cursor) {
        StringBuilder q = new StringBuilder();
        for (String[] pair : new String[][] { { "user", user }, { "type", type }, { "from", from }, { "to", to },
                { "cursor", cursor } }) {
            if (!Typed.blank(pair[1])) {
                q.append('&').append(pair[0]).append('=').append(ConsolePage.encode(pair[1]));
            }
        }
        return q.length() == 0 ? "" : "?" + q.substring(1);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
