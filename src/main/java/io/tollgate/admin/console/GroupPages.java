package io.tollgate.admin.console;

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
import io.tollgate.admin.DirectoryQuery;
import io.tollgate.admin.GroupAdministration;
import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.NotFound;
import io.tollgate.admin.UserDirectory;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.PortalConfig;
import io.tollgate.portal.PortalRequest;
import io.vertx.core.http.HttpServerRequest;

/** Groups: the list with member counts, create, rename; one group's page lists its members, adds and removes them. */
@Path(PortalConfig.INTERNAL_PREFIX + "/admin/groups")
public class GroupPages {

    private final ConsoleAccess access;
    private final ConsoleChanges changes;
    private final ConsolePages pages;
    private static final int PAGE_SIZE = 50;

    private final GroupAdministration groups;
    private final UserDirectory directory;
    private final RequestPolicy policy;

    public GroupPages(ConsoleAccess access, ConsoleChanges changes, ConsolePages pages, GroupAdministration groups,
            UserDirectory directory, RequestPolicy policy) {
        this.access = access;
        this.changes = changes;
        this.pages = pages;
        this.groups = groups;
        this.directory = directory;
        this.policy = policy;
    }

    @GET
    public Uni<Response> list(HttpServerRequest http, @RestQuery String lang) {
        PortalRequest request = PortalRequest.of(http, policy);
        return access.show(request, lang, "/groups", "groups", page -> {
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
                            Refusals.say(m, ((InvalidInput) bad).refusals().get("name"))))
                    .onFailure(Conflict.class).recoverWithUni(taken -> {
                        String why = Refusals.say(m, ((Conflict) taken).refusal());
                        return page(page, 409, null, why, name, why);
                    });
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
                            Refusals.inOneLine(m, (InvalidInput) bad), "", null))
                    .onFailure(Conflict.class).recoverWithUni(c -> page(page, 409, null,
                            Refusals.say(m, ((Conflict) c).refusal()), "", null))
                    .onFailure(NotFound.class).recoverWithUni(n -> page(page, 404, null, m.none(), "", null));
        }, (admin, error) -> page(pages.page(request, admin.session(), admin.administrator().username(), false,
                "/groups", "groups"), 400, null, error, "", null));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> group(HttpServerRequest http, @RestPath String id, @RestQuery String lang,
            @RestQuery String cursor) {
        PortalRequest request = PortalRequest.of(http, policy);
        return access.show(request, lang, "/groups/" + id, "groups",
                page -> groupPage(page, id, cursor, 200, null, null, "", null));
    }

    @POST
    @Path("/{id}/members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> addMember(HttpServerRequest http, @RestPath String id, @RestForm String csrf,
            @RestForm String code, @RestForm String username) {
        PortalRequest request = PortalRequest.of(http, policy);
        ConsoleMessages m = ConsolePages.messages(request.lang());
        String typed = username == null ? "" : username.trim();
        return changes.apply(request, csrf, code, pages.base() + "/groups/" + id, admin -> {
            ConsolePage page = pages.page(request, admin.session(), admin.administrator().username(), true,
                    "/groups/" + id, "groups");
            return groupId(id).map(group -> groups.addMember(admin.administrator(), group, typed)
                    .flatMap(added -> groupPage(page, id, null, 200, added ? m.memberAdded(typed) : m.memberAlready(typed),
                            null, "", null))
                    .onFailure(InvalidInput.class).recoverWithUni(bad -> groupPage(page, id, null, 400, null,
                            m.fixFields(), typed, Refusals.say(m, ((InvalidInput) bad).refusals().get("username"))))
                    .onFailure(NotFound.class).recoverWithUni(missing -> groupPage(page, id, null, 400, null,
                            m.fixFields(), typed, m.noSuchUser())))
                    .orElseGet(() -> groupPage(page, id, null, 404, null, null, "", null));
        }, (admin, error) -> groupPage(pages.page(request, admin.session(), admin.administrator().username(), false,
                "/groups/" + id, "groups"), id, null, 400, null, error, typed, null));
    }

    @POST
    @Path("/{id}/members/{user}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> removeMember(HttpServerRequest http, @RestPath String id, @RestPath String user,
            @RestForm String csrf, @RestForm String code) {
        PortalRequest request = PortalRequest.of(http, policy);
        ConsoleMessages m = ConsolePages.messages(request.lang());
        return changes.apply(request, csrf, code, pages.base() + "/groups/" + id, admin -> {
            ConsolePage page = pages.page(request, admin.session(), admin.administrator().username(), true,
                    "/groups/" + id, "groups");
            Optional<Long> userId = groupId(user);
            return groupId(id).filter(group -> userId.isPresent())
                    .map(group -> groups.membership(admin.administrator(), group, userId.get(), false)
                            .flatMap(removed -> groupPage(page, id, null, 200,
                                    removed ? m.memberRemoved() : m.memberAlreadyOut(), null, "", null))
                            .onFailure(NotFound.class).recoverWithUni(missing -> groupPage(page, id, null, 404, null,
                                    m.noSuchUser(), "", null)))
                    .orElseGet(() -> groupPage(page, id, null, 404, null, m.noSuchUser(), "", null));
        }, (admin, error) -> groupPage(pages.page(request, admin.session(), admin.administrator().username(), false,
                "/groups/" + id, "groups"), id, null, 400, null, error, "", null));
    }

    /** The group's page: the group and a page of its members, by username; 404 when there is no such group. */
    private Uni<Response> groupPage(ConsolePage page, String id, String cursor, int status, String notice, String error,
            String username, String usernameError) {
        ConsoleMessages m = ConsolePages.messages(page.lang());
        Optional<Long> groupId = groupId(id);
        if (groupId.isEmpty()) {
            return Uni.createFrom().item(ConsolePages.html(404, page, ConsolePages.Templates.refused(page, m.noSuchGroup(), "")));
        }
        return groups.one(groupId.get()).flatMap(group -> {
            DirectoryQuery members = new DirectoryQuery(Optional.empty(), Optional.empty(), Optional.of(group.name()),
                    Optional.empty(), Optional.empty(), DirectoryQuery.Sort.USERNAME, false,
                    Optional.ofNullable(Typed.blank(cursor) ? null : cursor), PAGE_SIZE);
            return directory.list(members)
                    .map(found -> ConsolePages.html(status, page, ConsolePages.Templates.group(page, new GroupView(group,
                            found.items(), found.next() == null ? null
                                    : pages.base() + "/groups/" + group.id() + "?cursor=" + found.next(),
                            notice, error, username, usernameError))))
                    .onFailure(InvalidInput.class).recoverWithItem(bad -> ConsolePages.html(400, page,
                            ConsolePages.Templates.group(page, new GroupView(group, List.of(), null, null,
                                    Refusals.inOneLine(m, (InvalidInput) bad), username, usernameError))));
        }).onFailure(NotFound.class).recoverWithItem(missing -> ConsolePages.html(404, page,
                ConsolePages.Templates.refused(page, m.noSuchGroup(), "")));
    }

    private static Optional<Long> groupId(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
