package io.tollgate.admin.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.Reencryption;

/** Re-encryption of every stored secret under the active key, with its progress. */
@Path(AdminApi.PATH + "/reencryption")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Secrets")
public class ReencryptionResource {

    private final Reencryption reencryption;
    private final ApiCaller caller;

    public ReencryptionResource(Reencryption reencryption, ApiCaller caller) {
        this.reencryption = reencryption;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Progress of the latest run on this replica, and how many secrets remain under another key")
    public Uni<Reencryption.Progress> progress() {
        caller.administrator();
        return ApiErrors.settled(reencryption.progress());
    }

    @POST
    @Operation(summary = "Start re-encrypting every secret under the active key (409 while one runs here)")
    public Uni<Response> start() {
        var admin = caller.administrator();
        return ApiErrors.settled(reencryption.start(admin)).map(progress -> Response.accepted(progress).build());
    }
}
