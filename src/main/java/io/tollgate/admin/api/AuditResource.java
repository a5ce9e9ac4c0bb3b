package io.tollgate.admin.api;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.AccountRules;
import io.tollgate.admin.AuditQuery;
import io.tollgate.admin.AuditSearch;
import io.tollgate.admin.Page;
import io.tollgate.admin.Refusal;
import io.tollgate.admin.Reports;
import io.tollgate.admin.UserDetail;

/** The audit log, newest first: by user (the account or the administrator), event type and time range. */
@Path(AdminApi.PATH + "/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    static final int MAX_LIMIT = 1000;

    private final AuditSearch audit;
    private final ApiCaller caller;

    public AuditResource(AuditSearch audit, ApiCaller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "A page of audit events; pass `next` back as `cursor` for older ones")
    public Uni<Page<UserDetail.Event>> list(@RestQuery String user, @RestQuery String type, @RestQuery String from,
            @RestQuery String to, @RestQuery String cursor, @RestQuery String limit) {
        caller.administrator();
        return ApiErrors.settled(audit.search(query(user, type, from, to, cursor, limit)));
    }

    @GET
    @Path("/csv")
    @Produces("text/csv")
    @Operation(summary = "The matching events as CSV (at most 100 000)")
    public Uni<Response> csv(@RestQuery String user, @RestQuery String type, @RestQuery String from,
            @RestQuery String to) {
        caller.administrator();
        return ApiErrors.settled(audit.all(query(user, type, from, to, null, String.valueOf(MAX_LIMIT))))
                .map(events -> CsvAnswers.file(Reports.audit(events), "audit.csv"));
    }

    private static AuditQuery query(String user, String type, String from, String to, String cursor, String limit) {
        Map<String, Refusal> errors = AccountRules.errors();
        var since = ApiParams.instant(errors, "from", from);
        var until = ApiParams.instant(errors, "to", to);
        int size = ApiParams.limit(errors, limit, MAX_LIMIT);
        ApiParams.text(type).filter(t -> !AuditSearch.knownType(t))
                .ifPresent(t -> errors.put("type", Refusal.of(Refusal.Reason.ONE_OF,
                        java.util.Arrays.toString(io.tollgate.audit.AuditEvent.Type.values()))));
        AccountRules.check(errors);
        return new AuditQuery(ApiParams.text(user), ApiParams.text(type), since, until, ApiParams.text(cursor), size);
    }
}
