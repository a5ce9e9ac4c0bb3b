package io.tollgate.admin.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.Refusal;
import io.tollgate.admin.PolicyAdministration;
import io.tollgate.admin.PolicyChange;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.PortalConfig;
import io.tollgate.portal.PortalRequest;
import io.vertx.core.http.HttpServerRequest;

/** The policy settings as a form: every field checked, errors beside their fields, the typed values kept. */
@Path(PortalConfig.INTERNAL_PREFIX + "/admin/policy")
public class PolicyPage {

    private final ConsoleAccess access;
    private final ConsoleChanges changes;
    private final ConsolePages pages;
    private final PolicyAdministration administration;
    private final RequestPolicy policy;

    public PolicyPage(ConsoleAccess access, ConsoleChanges changes, ConsolePages pages,
            PolicyAdministration administration, RequestPolicy policy) {
        this.access = access;
        this.changes = changes;
        this.pages = pages;
        this.administration = administration;
        this.policy = policy;
    }

    @GET
    public Uni<Response> form(HttpServerRequest http, @RestQuery String lang, @RestQuery String saved) {
        PortalRequest request = PortalRequest.of(http, policy);
        return access.show(request, lang, "/policy", "policy", page -> {
            String notice = saved != null ? ConsolePages.messages(page.lang()).policySaved() : null;
            return administration.current().map(settings -> ConsolePages.html(200, page,
                    ConsolePages.Templates.policy(page, PolicyForm.of(settings, notice))));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> save(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String requiredGroups, @RestForm String exemptGroups, @RestForm String adminsRequired,
            @RestForm String recoveryCodesEnabled, @RestForm String graceDays, @RestForm String credentialLifetimeDays,
            @RestForm String trustedDeviceValidityHours, @RestForm String maxTrustedDevices, @RestForm String maxAttempts,
            @RestForm String adminMaxAttempts, @RestForm String lockMinutes) {
        PortalRequest request = PortalRequest.of(http, policy);
        ConsoleMessages m = ConsolePages.messages(request.lang());
        // Checkboxes send "on" when ticked and nothing when not.
        PolicyForm typed = new PolicyForm(nullToEmpty(requiredGroups), nullToEmpty(exemptGroups), adminsRequired != null,
                recoveryCodesEnabled != null, nullToEmpty(graceDays), nullToEmpty(credentialLifetimeDays),
                nullToEmpty(trustedDeviceValidityHours), nullToEmpty(maxTrustedDevices), nullToEmpty(maxAttempts),
                nullToEmpty(adminMaxAttempts), nullToEmpty(lockMinutes), Map.of(), null, null);
        return changes.apply(request, csrf, code, pages.base() + "/policy", admin -> {
            Map<String, Refusal> errors = new LinkedHashMap<>();
            PolicyChange change = new PolicyChange(Optional.of(Typed.names(typed.requiredGroups())),
                    Optional.of(Typed.names(typed.exemptGroups())), Optional.of(typed.adminsRequired()),
                    number(errors, "graceDays", typed.graceDays()),
                    number(errors, "credentialLifetimeDays", typed.credentialLifetimeDays()),
                    Optional.of(typed.recoveryCodesEnabled()),
                    number(errors, "trustedDeviceValidityHours", typed.trustedDeviceValidityHours()),
                    number(errors, "maxTrustedDevices", typed.maxTrustedDevices()),
                    number(errors, "maxAttempts", typed.maxAttempts()),
                    number(errors, "adminMaxAttempts", typed.adminMaxAttempts()),
                    number(errors, "lockMinutes", typed.lockMinutes()));
            ConsolePage page = pages.page(request, admin.session(), admin.administrator().username(), true, "/policy",
                    "policy");
            if (!errors.isEmpty()) {
                return Uni.createFrom().item(refused(page, typed, Refusals.byField(m, errors), m.fixFields()));
            }
            return administration.change(admin.administrator(), change)
                    .map(saved -> ConsolePages.seeOther(pages.base() + "/policy?saved=1"))
                    .onFailure(InvalidInput.class).recoverWithItem(bad -> refused(page, typed,
                            Refusals.byField(m, ((InvalidInput) bad).refusals()), m.fixFields()));
        }, (admin, error) -> {
            ConsolePage page = pages.page(request, admin.session(), admin.administrator().username(), false, "/policy",
                    "policy");
            return Uni.createFrom().item(refused(page, typed, Map.of("code", error), error));
        });
    }

    private static Response refused(ConsolePage page, PolicyForm typed, Map<String, String> errors, String formError) {
        PolicyForm form = new PolicyForm(typed.requiredGroups(), typed.exemptGroups(), typed.adminsRequired(),
                typed.recoveryCodesEnabled(), typed.graceDays(), typed.credentialLifetimeDays(),
                typed.trustedDeviceValidityHours(), typed.maxTrustedDevices(), typed.maxAttempts(),
                typed.adminMaxAttempts(), typed.lockMinutes(), errors, null, formError);
        return ConsolePages.html(400, page, ConsolePages.Templates.policy(page, form));
    }

    private static Optional<Integer> number(Map<String, Refusal> errors, String field, String typed) {
        try {
            return Optional.of(Integer.parseInt(typed.trim()));
        } catch (NumberFormatException e) {
            errors.put(field, Refusal.of(Refusal.Reason.WHOLE_NUMBER));
            return Optional.empty();
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
