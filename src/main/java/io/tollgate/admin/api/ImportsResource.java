package io.tollgate.admin.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.Refusal;
import io.tollgate.admin.SecretImports;
import io.tollgate.credential.SecretImporter;

/** Import of TOTP secrets exported by another system. */
@Path(AdminApi.PATH + "/imports")
@Tag(name = "Import")
public class ImportsResource {

    private final SecretImports imports;
    private final ApiCaller caller;

    public ImportsResource(SecretImports imports, ApiCaller caller) {
        this.imports = imports;
        this.caller = caller;
    }

    @POST
    @Consumes({ MediaType.TEXT_PLAIN, "text/csv", MediaType.APPLICATION_JSON })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import TOTP secrets: format=otpauth (one URI per line), lemonldap (device list JSON; "
            + "user= for a bare list) or authelia (CSV export); dryRun=true checks without writing. Each bad item "
            + "is reported with its reason; the others are imported; a repeated import changes nothing.")
    public Uni<SecretImporter.Report> run(@RestQuery String format, @RestQuery String dryRun, @RestQuery String user,
            String body) {
        var admin = caller.administrator();
        var errors = io.tollgate.admin.AccountRules.errors();
        boolean dry = ApiParams.bool(errors, "dryRun", dryRun).orElse(false);
        if (format == null || format.isBlank()) {
            errors.put("format", Refusal.of(Refusal.Reason.ONE_OF, "otpauth, lemonldap, authelia"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return ApiErrors.settled(imports.run(admin, format, body, user, dry));
    }
}
