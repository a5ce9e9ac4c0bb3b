package io.tollgate.admin.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
import io.tollgate.admin.DirectoryEntry;
import io.tollgate.admin.DirectoryQuery;
import io.tollgate.admin.EnrollmentState;
import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.NewUser;
import io.tollgate.admin.NotFound;
import io.tollgate.admin.Reports;
import io.tollgate.admin.UserAdministration;
import io.tollgate.admin.UserDirectory;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.PortalConfig;
import io.tollgate.portal.PortalRequest;
import io.vertx.core.http.HttpServerRequest;

/** The users: the searchable list (and its CSV), one user's page, and the actions on a user. */
@Path(PortalConfig.INTERNAL_PREFIX + "/admin/users")
public class UserPages {

    static final int PAGE_SIZE = 50;

    private final ConsoleAccess access;
    private final ConsoleChanges changes;
    private final ConsolePages pages;
    private final UserDirectory directory;
    private final UserAdministration users;
    private final RequestPolicy policy;

    public UserPages(ConsoleAccess access, ConsoleChanges changes, ConsolePages pages, UserDirectory directory,
            UserAdministration users, RequestPolicy policy) {
        this.access = access;
        this.changes = changes;
        this.pages = pages;
        this.directory = directory;
        this.users = users;
        this.policy = policy;
    }

    /** The filters as typed, and the query they make (or what is wrong with them). */
    private record Filters(String search, String state, String group, String locked, String disabled, String sort,
            boolean descending, String cursor) {

        DirectoryQuery query(int limit, List<String> problems) {
            Optional<EnrollmentState> stateFilter = Typed.blank(state) ? Optional.empty() : EnrollmentState.parse(state);
            if (!Typed.blank(state) && stateFilter.isEmpty()) {
                problems.add("state");
            }
            DirectoryQuery.Sort by = Typed.blank(sort) ? DirectoryQuery.Sort.USERNAME
                    : DirectoryQuery.Sort.parse(sort).orElseGet(() -> {
                        problems.add("sort");
                        return DirectoryQuery.Sort.USERNAME;
                    });
            return new DirectoryQuery(Optional.ofNullable(Typed.blank(search) ? null : search.trim()), stateFilter,
                    Optional.ofNullable(Typed.blank(group) ? null : group.trim()), bool(locked, "locked", problems),
                    bool(disabled, "disabled", problems), by, descending, Optional.ofNullable(Typed.blank(cursor) ? null : cursor),
                    limit);
        }

        String queryString(String nextCursor) {
            StringBuilder q = new StringBuilder();
            append(q, "search", search);
            append(q, "state", state);
            append(q, "group", group);
            append(q, "locked", locked);
            append(q, "disabled", disabled);
            append(q, "sort", sort);
            append(q, "order", descending ? "desc" : null);
            append(q, "cursor", nextCursor);
            return q.length() == 0 ? "" : "?" + q.substring(1);
        }

        private static void append(StringBuilder q, String name, String value) {
            if (!Typed.blank(value)) {
                q.append('&').append(name).append('=').append(ConsolePage.encode(value));
            }
        }

        private static Optional<Boolean> bool(String value, String field, List<String> problems) {
            if (Typed.blank(value)) {
                return Optional.empty();
            }
            if (value.equals("true") || value.equals("false")) {
                return Optional.of(Boolean.parseBoolean(value));
            }
            problems.add(field);
            return Optional.empty();
        }
    }

    @GET
    public Uni<Response> list(HttpServerRequest http, @RestQuery String lang, @RestQuery String search,
            @RestQuery String state, @RestQuery String group, @RestQuery String locked, @RestQuery String disabled,
            @RestQuery String sort, @RestQuery String order, @RestQuery String cursor) {
        PortalRequest request = PortalRequest.of(http, policy);
        Filters filters = new Filters(search, state, group, locked, disabled, sort, "desc".equals(order), cursor);
        return access.show(request, lang, "/users" + filters.queryString(cursor), "users", page -> {
            List<String> problems = new ArrayList<>();
            DirectoryQuery query = filters.query(PAGE_SIZE, problems);
            if (search != null && search.length() > 200) {
                problems.add("search");
            }
            if (!problems.isEmpty()) {
                return Uni.createFrom().item(usersPage(400, page, filters, List.of(), null,
                        fixFields(ConsolePages.messages(page.lang()), problems)));
            }
            return directory.list(query)
                    .map(found -> usersPage(200, page, filters, found.items(),
                            found.next() == null ? null : pages.base() + "/users" + filters.queryString(found.next()), null))
                    .onFailure(InvalidInput.class).recoverWithItem(bad -> usersPage(400, page, filters, List.of(), null,
                            Refusals.inOneLine(ConsolePages.messages(page.lang()), (InvalidInput) bad)));
        });
    }

    private Response usersPage(int status, ConsolePage page, Filters f, List<DirectoryEntry> found, String next,
            String error) {
        UsersView view = new UsersView(f.search(), f.state(), f.group(), f.locked(), f.disabled(), f.sort(),
                f.descending(), found, next, pages.base() + "/users/csv" + f.queryString(null), error, "", "", "", false,
                false, "");
        return ConsolePages.html(status, page, ConsolePages.Templates.users(page, view));
    }

    @GET
    @Path("/csv")
    public Uni<Response> csv(HttpServerRequest http, @RestQuery String search, @RestQuery String state,
            @RestQuery String group, @RestQuery String locked, @RestQuery String disabled, @RestQuery String sort,
            @RestQuery String order) {
        PortalRequest request = PortalRequest.of(http, policy);
        Filters filters = new Filters(search, state, group, locked, disabled, sort, "desc".equals(order), null);
        return access.show(request, null, "/users", "users", page -> {
            List<String> problems = new ArrayList<>();
            DirectoryQuery query = filters.query(DirectoryQuery.MAX_LIMIT, problems);
            if (!problems.isEmpty()) {
                return Uni.createFrom().item(Response.status(400).type("text/plain; charset=utf-8")
                        .entity(fixFields(ConsolePages.messages(page.lang()), problems)).build());
            }
            return directory.all(query).map(all -> Response.ok(Reports.enrollment(all), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"users.csv\"")
                    .header("Cache-Control", "no-store").build());
        });
    }

    @GET
    @Path("/{id}")
    public Uni<Response> user(HttpServerRequest http, @RestPath String id, @RestQuery String lang) {
        PortalRequest request = PortalRequest.of(http, policy);
        return access.show(request, lang, "/users/" + id, "users", page -> {
            return userPage(page, id, 200, null, null);
        });
    }

    private Uni<Response> userPage(ConsolePage page, String id, int status, String notice, String error) {
        ConsoleMessages m = ConsolePages.messages(page.lang());
        long userId;
        try {
            userId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Uni.createFrom().item(ConsolePages.html(404, page, ConsolePages.Templates.refused(page, m.noSuchUser(), "")));
        }
        return users.detail(userId)
                .map(detail -> ConsolePages.html(status, page, ConsolePages.Templates.user(page, new UserView(detail, notice,
                        error, detail.user().username().equalsIgnoreCase(page.admin())))))
                .onFailure(NotFound.class).recoverWithItem(missing -> ConsolePages.html(404, page,
                        ConsolePages.Templates.refused(page, m.noSuchUser(), "")));
    }

    @POST
    @Path("/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> act(HttpServerRequest http, @RestPath String id, @RestPath String action,
            @RestForm String csrf, @RestForm String code, @RestForm String password, @RestForm String groups) {
        PortalRequest request = PortalRequest.of(http, policy);
        ConsoleMessages m = ConsolePages.messages(request.lang());
        return onUser(request, id, csrf, code, (admin, userId) -> switch (action) {
            case "reset" -> users.reset(admin.administrator(), userId)
                    .map(outcome -> m.doneReset(outcome.user().username(), outcome.sessionsEnded()));
            case "unlock" -> users.unlock(admin.administrator(), userId).map(user -> m.doneUnlock(user.username()));
            case "disable" -> users.setDisabled(admin.administrator(), userId, true)
                    .map(user -> m.doneDisable(user.username()));
            case "enable" -> users.setDisabled(admin.administrator(), userId, false)
                    .map(user -> m.doneEnable(user.username()));
            case "password" -> users.setPassword(admin.administrator(), userId, password == null ? "" : password)
                    .map(user -> m.passwordSet(user.username()));
            case "groups" -> users.setGroups(admin.administrator(), userId, Typed.names(groups))
                    .map(user -> m.groupsSaved(user.username()));
            default -> Uni.createFrom().failure(new NotFound("no such action"));
        });
    }

    @POST
    @Path("/{id}/devices/{device}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revokeDevice(HttpServerRequest http, @RestPath String id, @RestPath String device,
            @RestForm String csrf, @RestForm String code) {
        PortalRequest request = PortalRequest.of(http, policy);
        ConsoleMessages m = ConsolePages.messages(request.lang());
        return onUser(request, id, csrf, code, (admin, userId) -> {
            long deviceId;
            try {
                deviceId = Long.parseLong(device);
            } catch (NumberFormatException e) {
                return Uni.createFrom().failure(new NotFound("no such trusted device"));
            }
            return users.revokeDevice(admin.administrator(), userId, deviceId).replaceWith(m.deviceRevoked());
        });
    }

    @POST
    @Path("/{id}/keys/{key}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revokeKey(HttpServerRequest http, @RestPath String id, @RestPath String key,
            @RestForm String csrf, @RestForm String code) {
        PortalRequest request = PortalRequest.of(http, policy);
        ConsoleMessages m = ConsolePages.messages(request.lang());
        return onUser(request, id, csrf, code,
                (admin, userId) -> users.revokeKey(admin.administrator(), userId, key).replaceWith(m.keyRevoked()));
    }

    /** A change to one user: allowed as every console change is, then the user's page with its outcome. */
    private Uni<Response> onUser(PortalRequest request, String id, String csrf, String code,
            java.util.function.BiFunction<ConsoleChanges.Admin, Long, Uni<String>> change) {
        ConsoleMessages m = ConsolePages.messages(request.lang());
        return changes.apply(request, csrf, code, pages.base() + "/users/" + id, admin -> {
            ConsolePage page = pages.page(request, admin.session(), admin.administrator().username(), true,
                    "/users/" + id, "users");
            long userId;
            try {
                userId = Long.parseLong(id);
            } catch (NumberFormatException e) {
                return userPage(page, id, 404, null, null);
            }
            return change.apply(admin, userId).flatMap(notice -> userPage(page, id, 200, notice, null))
                    .onFailure(InvalidInput.class).recoverWithUni(bad -> userPage(page, id, 400, null,
                            Refusals.inOneLine(m, (InvalidInput) bad)))
                    .onFailure(Conflict.class).recoverWithUni(conflict -> userPage(page, id, 409, null,
                            Refusals.say(m, ((Conflict) conflict).refusal())))
                    .onFailure(NotFound.class).recoverWithUni(missing -> userPage(page, id, 404, null, m.none()));
        }, (admin, error) -> {
            ConsolePage page = pages.page(request, admin.session(), admin.administrator().username(), false,
                    "/users/" + id, "users");
            return userPage(page, id, 400, null, error);
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(HttpServerRequest http, @RestForm String csrf, @RestForm String code,
            @RestForm String username, @RestForm String displayName, @RestForm String email, @RestForm String password,
            @RestForm String admin, @RestForm String serviceAccount, @RestForm String groups) {
        PortalRequest request = PortalRequest.of(http, policy);
        ConsoleMessages m = ConsolePages.messages(request.lang());
        NewUser typed = new NewUser(username == null ? "" : username.trim(), displayName, email,
                Typed.blank(password) ? null : password, admin != null, serviceAccount != null,
                Typed.names(groups));
        return changes.apply(request, csrf, code, pages.base() + "/users", who -> users.create(who.administrator(), typed)
                .map(created -> ConsolePages.seeOther(pages.base() + "/users/" + created.id()))
                .onFailure(InvalidInput.class).recoverWithUni(bad -> createRefused(request, who, typed,
                        Refusals.inOneLine(m, (InvalidInput) bad)))
                .onFailure(Conflict.class).recoverWithUni(taken -> createRefused(request, who, typed,
                        Refusals.say(m, ((Conflict) taken).refusal()))),
                (who, error) -> createRefused(request, who, typed, error));
    }

    private Uni<Response> createRefused(PortalRequest request, ConsoleChanges.Admin who, NewUser typed, String error) {
        ConsolePage page = pages.page(request, who.session(), who.administrator().username(), false, "/users", "users");
        UsersView view = new UsersView(null, null, null, null, null, null, false, List.of(), null,
                pages.base() + "/users/csv", error, typed.username(), typed.displayName(), typed.email(), typed.admin(),
                typed.serviceAccount(), String.join(", ", typed.groups()));
        return Uni.createFrom().item(ConsolePages.html(400, page, ConsolePages.Templates.users(page, view)));
    }

    /** The filters that cannot be read, by their labels. */
    private static String fixFields(ConsoleMessages m, List<String> fields) {
        return m.fixFields() + " (" + String.join(", ", fields.stream().map(f -> Refusals.label(m, f)).toList()) + ")";
    }
}
