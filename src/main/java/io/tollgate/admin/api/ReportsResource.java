package io.tollgate.admin.api;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.DirectoryEntry;
import io.tollgate.admin.DirectoryQuery;
import io.tollgate.admin.EnrollmentState;
import io.tollgate.admin.Reports;
import io.tollgate.admin.UserDirectory;

/** The enrollment report: where every user stands with two-step verification (never a secret). */
@Path(AdminApi.PATH + "/reports/enrollment")
@Tag(name = "Reports")
public class ReportsResource {

    /** The report: when, how many in each state, and every user. */
    public record EnrollmentReport(Instant generatedAt, int users, Map<EnrollmentState, Integer> states,
            List<DirectoryEntry> entries) {
    }

    private final UserDirectory directory;
    private final ApiCaller caller;

    public ReportsResource(UserDirectory directory, ApiCaller caller) {
        this.directory = directory;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enrollment status of every user, with counts by state")
    public Uni<EnrollmentReport> json() {
        caller.administrator();
        return ApiErrors.settled(directory.all(DirectoryQuery.all(DirectoryQuery.MAX_LIMIT))).map(all -> {
            Map<EnrollmentState, Integer> states = new EnumMap<>(EnrollmentState.class);
            for (EnrollmentState state : EnrollmentState.values()) {
                states.put(state, 0);
            }
            all.forEach(e -> states.merge(e.state(), 1, Integer::sum));
            return new EnrollmentReport(Instant.now(), all.size(), states, all);
        });
    }

    @GET
    @Path("/csv")
    @Produces("text/csv")
    @Operation(summary = "Enrollment status of every user as CSV")
    public Uni<Response> csv() {
        caller.administrator();
        return ApiErrors.settled(directory.all(DirectoryQuery.all(DirectoryQuery.MAX_LIMIT)))
                .map(all -> CsvAnswers.file(Reports.enrollment(all), "enrollment.csv"));
    }
}
