package io.tollgate.admin.api;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.AccountRules;
import io.tollgate.admin.DirectoryEntry;
import io.tollgate.admin.DirectoryQuery;
import io.tollgate.admin.EnrollmentState;
import io.tollgate.admin.NewUser;
import io.tollgate.admin.Page;
import io.tollgate.admin.Refusal;
import io.tollgate.admin.Reports;
import io.tollgate.admin.UserAdministration;
import io.tollgate.admin.UserDetail;
import io.tollgate.admin.UserDirectory;

/** Users: the directory, one user, and what administrators do to them. */
@Path(AdminApi.PATH + "/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UsersResource {

    private final UserDirectory directory;
    private final UserAdministration users;
    private final ApiCaller caller;
    private final io.tollgate.portal.PortalLinks links;

    public UsersResource(UserDirectory directory, UserAdministration users, ApiCaller caller,
            io.tollgate.portal.PortalLinks links) {
        this.links = links;
        this.directory = directory;
        this.users = users;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "A page of users, searched, filtered and sorted; pass `next` back as `cursor` for the next page")
    public Uni<Page<DirectoryEntry>> list(@RestQuery String search, @RestQuery String state, @RestQuery String group,
            @RestQuery String locked, @RestQuery String disabled, @RestQuery String sort, @RestQuery String order,
            @RestQuery String cursor, @RestQuery String limit) {
        caller.administrator();
        return ApiErrors.settled(directory.list(query(search, state, group, locked, disabled, sort, order, cursor,
                limit == null ? String.valueOf(ApiParams.DEFAULT_LIMIT) : limit)));
    }

    @GET
    @Path("/csv")
    @Produces("text/csv")
    @Operation(summary = "The same view as CSV (every matching user, no paging)")
    public Uni<Response> csv(@RestQuery String search, @RestQuery String state, @RestQuery String group,
            @RestQuery String locked, @RestQuery String disabled, @RestQuery String sort, @RestQuery String order) {
        caller.administrator();
        DirectoryQuery query = query(search, state, group, locked, disabled, sort, order, null, null);
        return ApiErrors.settled(directory.all(query)).map(all -> CsvAnswers.file(Reports.enrollment(all), "users.csv"));
    }

    static DirectoryQuery query(String search, String state, String group, String locked, String disabled, String sort,
            String order, String cursor, String limit) {
        Map<String, Refusal> errors = AccountRules.errors();
        var stateFilter = ApiParams.text(state).flatMap(s -> {
            var parsed = EnrollmentState.parse(s);
            if (parsed.isEmpty()) {
                errors.put("state", Refusal.of(Refusal.Reason.ONE_OF, "enrolled, grace, overdue, optional, exempt"));
            }
            return parsed;
        });
        var lockedFilter = ApiParams.bool(errors, "locked", locked);
        var disabledFilter = ApiParams.bool(errors, "disabled", disabled);
        DirectoryQuery.Sort sortBy = ApiParams.text(sort).map(s -> DirectoryQuery.Sort.parse(s).orElseGet(() -> {
            errors.put("sort", Refusal.of(Refusal.Reason.ONE_OF, "username, created, last-sign-in"));
            return DirectoryQuery.Sort.USERNAME;
        })).orElse(DirectoryQuery.Sort.USERNAME);
        boolean descending = false;
        if (order != null && !order.isEmpty()) {
            if (order.equals("desc")) {
                descending = true;
            } else if (!order.equals("asc")) {
                errors.put("order", Refusal.of(Refusal.Reason.ONE_OF, "asc, desc"));
            }
        }
        int pageSize = limit == null ? DirectoryQuery.MAX_LIMIT : ApiParams.limit(errors, limit, DirectoryQuery.MAX_LIMIT);
        if (ApiParams.text(search).map(String::length).orElse(0) > 200) {
            errors.put("search", Refusal.of(Refusal.Reason.AT_MOST_CHARACTERS, 200));
        }
        AccountRules.check(errors);
        return new DirectoryQuery(ApiParams.text(search), stateFilter, ApiParams.text(group), lockedFilter,
                disabledFilter, sortBy, descending, ApiParams.text(cursor), pageSize);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user (a service account has no password: it uses AuthKeys)")
    public Uni<Response> create(ApiBodies.CreateUser body) {
        var admin = caller.administrator();
        if (body == null) {
            throw io.tollgate.admin.InvalidInput.of("body", Refusal.Reason.JSON_OBJECT, "username");
        }
        namesWithoutGaps(body.groups());
        NewUser user = new NewUser(body.username(), body.displayName(), body.email(), body.password(),
                Boolean.TRUE.equals(body.admin()), Boolean.TRUE.equals(body.serviceAccount()), body.groups());
        return ApiErrors.settled(users.create(admin, user))
                .map(created -> Response.status(201).entity(created)
                        .header("Location", links.prefix() + AdminApi.RELATIVE + "/users/" + created.id()).build());
    }

    /** A list of group names may be empty, never hold an empty or null name. */
    static void namesWithoutGaps(java.util.List<String> names) {
        if (names != null && names.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw io.tollgate.admin.InvalidInput.of("groups", Refusal.Reason.GROUP_NAMES);
        }
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user: groups, authenticators, trusted devices, sessions, recovery codes left, AuthKeys, latest events")
    public Uni<UserDetail> detail(@RestPath String id) {
        caller.administrator();
        return ApiErrors.settled(users.detail(ApiParams.id(id, "user")));
    }

    @POST
    @Path("/{id}/reset")
    @Operation(summary = "Reset two-step verification: removes authenticators, recovery codes and trusted devices, ends every session")
    public Uni<UserAdministration.ResetOutcome> reset(@RestPath String id) {
        return ApiErrors.settled(users.reset(caller.administrator(), ApiParams.id(id, "user")));
    }

    @POST
    @Path("/{id}/unlock")
    @Operation(summary = "Clear the user's lockout and failure count")
    public Uni<DirectoryEntry> unlock(@RestPath String id) {
        return ApiErrors.settled(users.unlock(caller.administrator(), ApiParams.id(id, "user")));
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Disable the user: ends their sessions, refuses their keys")
    public Uni<DirectoryEntry> disable(@RestPath String id) {
        return ApiErrors.settled(users.setDisabled(caller.administrator(), ApiParams.id(id, "user"), true));
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Enable the user again")
    public Uni<DirectoryEntry> enable(@RestPath String id) {
        return ApiErrors.settled(users.setDisabled(caller.administrator(), ApiParams.id(id, "user"), false));
    }

    @PUT
    @Path("/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the user's password")
    public Uni<DirectoryEntry> password(@RestPath String id, ApiBodies.SetPassword body) {
        var admin = caller.administrator();
        return ApiErrors.settled(users.setPassword(admin, ApiParams.id(id, "user"), body == null ? null : body.password()));
    }

    @PUT
    @Path("/{id}/groups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the user's groups (existing groups, by name)")
    public Uni<DirectoryEntry> groups(@RestPath String id, ApiBodies.SetGroups body) {
        var admin = caller.administrator();
        if (body == null || body.groups() == null) {
            throw io.tollgate.admin.InvalidInput.of("groups", Refusal.Reason.GROUPS_REQUIRED);
        }
        namesWithoutGaps(body.groups());
        return ApiErrors.settled(users.setGroups(admin, ApiParams.id(id, "user"), body.groups()));
    }

    @DELETE
    @Path("/{id}/devices/{device}")
    @Operation(summary = "Revoke one of the user's trusted devices")
    public Uni<Response> revokeDevice(@RestPath String id, @RestPath String device) {
        var admin = caller.administrator();
        return ApiErrors.settled(users.revokeDevice(admin, ApiParams.id(id, "user"), ApiParams.id(device, "trusted device")))
                .replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("/{id}/keys/{key}")
    @Operation(summary = "Revoke one of the user's AuthKeys, on every replica")
    public Uni<Response> revokeKey(@RestPath String id, @RestPath String key) {
        var admin = caller.administrator();
        return ApiErrors.settled(users.revokeKey(admin, ApiParams.id(id, "user"), key))
                .replaceWith(Response.noContent().build());
    }
}
