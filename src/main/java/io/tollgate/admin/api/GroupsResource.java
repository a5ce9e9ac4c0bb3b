package io.tollgate.admin.api;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.GroupAdministration;
import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.Refusal;

/** Groups: list, create, rename, members. Members are listed by the users' directory ({@code ?group=}). */
@Path(AdminApi.PATH + "/groups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Groups")
public class GroupsResource {

    private final GroupAdministration groups;
    private final ApiCaller caller;
    private final io.tollgate.portal.PortalLinks links;

    public GroupsResource(GroupAdministration groups, ApiCaller caller, io.tollgate.portal.PortalLinks links) {
        this.links = links;
        this.groups = groups;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Every group, with its member count")
    public Uni<List<GroupAdministration.GroupEntry>> list() {
        caller.administrator();
        return ApiErrors.settled(groups.list());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a group")
    public Uni<Response> create(ApiBodies.CreateGroup body) {
        var admin = caller.administrator();
        if (body == null) {
            throw InvalidInput.of("name", Refusal.Reason.REQUIRED);
        }
        return ApiErrors.settled(groups.create(admin, body.name(), body.description()))
                .map(group -> Response.status(201).entity(group)
                        .header("Location", links.prefix() + AdminApi.RELATIVE + "/groups/" + group.id()).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One group, with its member count")
    public Uni<GroupAdministration.GroupEntry> one(@RestPath String id) {
        caller.administrator();
        return ApiErrors.settled(groups.one(ApiParams.id(id, "group")));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a group (refused while the policy names it)")
    public Uni<GroupAdministration.GroupEntry> rename(@RestPath String id, ApiBodies.RenameGroup body) {
        var admin = caller.administrator();
        if (body == null) {
            throw InvalidInput.of("name", Refusal.Reason.REQUIRED);
        }
        return ApiErrors.settled(groups.rename(admin, ApiParams.id(id, "group"), body.name()));
    }

    @PUT
    @Path("/{id}/members/{user}")
    @Operation(summary = "Put a user in the group")
    public Uni<Response> add(@RestPath String id, @RestPath String user) {
        var admin = caller.administrator();
        return ApiErrors.settled(groups.membership(admin, ApiParams.id(id, "group"), ApiParams.id(user, "user"), true))
                .replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("/{id}/members/{user}")
    @Operation(summary = "Take a user out of the group")
    public Uni<Response> remove(@RestPath String id, @RestPath String user) {
        var admin = caller.administrator();
        return ApiErrors.settled(groups.membership(admin, ApiParams.id(id, "group"), ApiParams.id(user, "user"), false))
                .replaceWith(Response.noContent().build());
    }
}
