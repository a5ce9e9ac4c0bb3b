package io.tollgate.admin.api;

import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.PolicyAdministration;
import io.tollgate.admin.PolicyChange;
import io.tollgate.admin.Refusal;

/** The run-time policy settings; a change reaches every replica within {@code tollgate.policy.refresh-interval}. */
@Path(AdminApi.PATH + "/policy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy")
public class PolicyResource {

    private final PolicyAdministration policy;
    private final ApiCaller caller;

    public PolicyResource(PolicyAdministration policy, ApiCaller caller) {
        this.policy = policy;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The policy settings in force")
    public Uni<PolicyView> current() {
        caller.administrator();
        return ApiErrors.settled(policy.current()).map(PolicyView::of);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change some policy settings (audited with old and new values)")
    public Uni<PolicyView> change(ApiBodies.PolicyPatch body) {
        var admin = caller.administrator();
        if (body == null) {
            throw InvalidInput.of("body", Refusal.Reason.JSON_OBJECT, "the settings to change");
        }
        PolicyChange change = new PolicyChange(Optional.ofNullable(body.requiredGroups()),
                Optional.ofNullable(body.exemptGroups()), Optional.ofNullable(body.adminsRequired()),
                Optional.ofNullable(body.graceDays()), Optional.ofNullable(body.credentialLifetimeDays()),
                Optional.ofNullable(body.recoveryCodesEnabled()), Optional.ofNullable(body.trustedDeviceValidityHours()),
                Optional.ofNullable(body.maxTrustedDevices()), Optional.ofNullable(body.maxAttempts()),
                Optional.ofNullable(body.adminMaxAttempts()), Optional.ofNullable(body.lockMinutes()));
        return ApiErrors.settled(policy.change(admin, change)).map(PolicyView::of);
    }
}
