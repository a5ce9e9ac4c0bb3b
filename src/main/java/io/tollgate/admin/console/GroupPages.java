package io.tollgate.admin.console;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.Conflict;
import io.tollgate.admin.GroupAdministration;
import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.NotFound;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.Language;
import io.tollgate.portal.PortalConfig;
import io.tollgate.portal.PortalRequest;
import io.vertx.core.http.HttpServerRequest;

/** Groups: the list with member counts (each a link to its members in the users' list), create, rename. */
@Path(PortalConfig.INTERNAL_PREFIX + "/admin/groups")
public class GroupPages {

    private final ConsoleAccess access;
    private final ConsoleChanges changes;
    private final ConsolePages pages;
    private final GroupAdministration groups;
    private final RequestPolicy policy;

    public GroupPages(ConsoleAccess access, ConsoleChanges changes, ConsolePages pages, GroupAdministration groups,
            RequestPolicy policy) {
        this.access = access;
        this.changes = changes;
        this.pages = pages;
        this.groups = groups;
        this.policy = policy;
    }

    @GET
    public Uni<Response> list(HttpServerRequest http, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        return access.show(request, "/groups", "groups", page -> {
            return page(page, 200, null, null, "", null);
        });
    }

    private Uni<Response> page(ConsolePage page, int status, String notice, String error, String name, String nameError) {
        return groups.list().map(all -> ConsolePages.html(status, page,
                ConsolePages.Templates.groups(page, all, notice, error, name, nameError)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String name) {
        PortalRequest request = PortalRequest.of(http, policy);
        ConsoleMessages m = ConsolePages.messages(request.lang());
        return changes.apply(request, csrf, code, pages.base() + "/groups", admin -> {
            ConsolePage page = pages.page(request, admin.session(), admin.administrator().username(), true, "/groups",
                    "groups");
            return groups.create(admin.administrator(), name == null ? "" : name.trim(), null)
                    .flatMap(created -> page(page, 200, m.groupCreated(created.name()), null, "", null))
                    .onFailure(InvalidInput.class).recoverWithUni(bad -> page(page, 400, null, m.fixFields(), name,
                            ((InvalidInput) bad).fields().get("name")))
                    .onFailure(Conflict.class).recoverWithUni(taken -> page(page, 409, null, taken.getMessage(), name,
                            taken.getMessage()));
        }, (admin, error) -> page(pages.page(request, admin.session(), admin.administrator().username(), false,
                "/groups", "groups"), 400, null, error, name, null));
    }

    @POST
    @Path("/{id}/rename")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> rename(HttpServerRequest http, @RestPath String id, @RestForm String csrf,
            @RestForm String code, @RestForm String name) {
        PortalRequest request = PortalRequest.of(http, policy);
        ConsoleMessages m = ConsolePages.messages(request.lang());
        return changes.apply(request, csrf, code, pages.base() + "/groups", admin -> {
            ConsolePage page = pages.page(request, admin.session(), admin.administrator().username(), true, "/groups",
                    "groups");
            long groupId;
            try {
                groupId = Long.parseLong(id);
            } catch (NumberFormatException e) {
                return page(page, 404, null, m.none(), "", null);
            }
            return groups.rename(admin.administrator(), groupId, name == null ? "" : name.trim())
                    .flatMap(renamed -> page(page, 200, m.groupRenamed(renamed.name()), null, "", null))
                    .onFailure(InvalidInput.class).recoverWithUni(bad -> page(page, 400, null,
                            String.join("; ", ((InvalidInput) bad).fields().values()), "", null))
                    .onFailure(Conflict.class).recoverWithUni(c -> page(page, 409, null, c.getMessage(), "", null))
                    .onFailure(NotFound.class).recoverWithUni(n -> page(page, 404, null, n.getMessage(), "", null));
        }, (admin, error) -> page(pages.page(request, admin.session(), admin.administrator().username(), false,
                "/groups", "groups"), 400, null, error, "", null));
    }
}
