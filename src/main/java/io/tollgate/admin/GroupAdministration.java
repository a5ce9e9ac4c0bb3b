package io.tollgate.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tollgate.account.Group;
import io.tollgate.account.GroupRepository;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.store.Database;

/**
 * Groups as administrators keep them: listed with their member counts, created, renamed, and
 * their members. Membership changes reach open sessions through the database triggers of V7.
 */
@ApplicationScoped
public class GroupAdministration {

    /** A group and how many users are in it. */
    public record GroupEntry(long id, String name, String description, long members) {
    }

    private static final String LIST = """
            SELECT g.id, g.name, g.description, (SELECT count(*) FROM memberships m WHERE m.group_id = g.id)
              FROM groups g ORDER BY lower(g.name)
            """;

    private final GroupRepository groups;
    private final PolicySettingsSource policy;
    private final AuditLog audit;

    public GroupAdministration(GroupRepository groups, PolicySettingsSource policy, AuditLog audit) {
        this.groups = groups;
        this.policy = policy;
        this.audit = audit;
    }

    public Uni<List<GroupEntry>> list() {
        return Database.session(() -> Panache.getSession().flatMap(db -> db.createNativeQuery(LIST, Object[].class)
                .getResultList())).map(rows -> {
                    List<GroupEntry> entries = new ArrayList<>();
                    for (Object[] row : rows) {
                        entries.add(new GroupEntry(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                                ((Number) row[3]).longValue()));
                    }
                    return entries;
                });
    }

    public Uni<GroupEntry> create(Administrator admin, String name, String description) {
        // Refused input arrives as a failure, like every other outcome, never as a throw.
        return Uni.createFrom().deferred(() -> {
            Map<String, Refusal> errors = AccountRules.errors();
            AccountRules.groupName(errors, "name", name);
            AccountRules.displayName(errors, "description", description);
            AccountRules.check(errors);
            return Database.transaction(() -> groups.findByName(name).flatMap(taken -> {
                if (taken != null) {
                    return Uni.createFrom().failure(new Conflict(Refusal.Reason.GROUP_TAKEN));
                }
                Group group = new Group();
                group.name = name;
                group.description = description == null || description.isBlank() ? null : description.trim();
                return groups.persist(group);
            })).call(group -> audit.record(admin.itself(), AuditEvent.Type.GROUP_CREATED, AuditEvent.Outcome.SUCCESS,
                    "group " + group.name + " created by " + admin.username()))
                    .map(group -> new GroupEntry(group.id, group.name, group.description, 0));
        });
    }

    /**
     * Renames a group. One the policy names (required or exempt) is refused: renaming it would
     * silently change who must use two-step verification; change the policy with it.
     */
    public Uni<GroupEntry> rename(Administrator admin, long id, String name) {
        // Refused input arrives as a failure, like every other outcome, never as a throw.
        return Uni.createFrom().deferred(() -> {
            Map<String, Refusal> errors = AccountRules.errors();
            AccountRules.groupName(errors, "name", name);
            AccountRules.check(errors);
            return policy.current().flatMap(settings -> Database.transaction(() -> groups.findById(id).flatMap(group -> {
                if (group == null) {
                    return Uni.createFrom().failure(new NotFound("no such group"));
                }
                String old = group.name.toLowerCase(Locale.ROOT);
                if (!old.equals(name.toLowerCase(Locale.ROOT))
                        && (settings.requiredGroups().contains(old) || settings.exemptGroups().contains(old))) {
                    return Uni.createFrom().failure(new Conflict(Refusal.Reason.GROUP_IN_POLICY));
                }
                return groups.findByName(name).flatMap(taken -> {
                    if (taken != null && !taken.id.equals(group.id)) {
                        return Uni.createFrom().failure(new Conflict(Refusal.Reason.GROUP_TAKEN));
                    }
                    Renamed renamed = new Renamed(group.id, group.name, name);
                    group.name = name;
                    return Uni.createFrom().item(renamed);
                });
            }))).call(renamed -> audit.record(admin.itself(), AuditEvent.Type.GROUP_RENAMED, AuditEvent.Outcome.SUCCESS,
                    "group " + renamed.before() + " renamed " + renamed.after() + " by " + admin.username()))
                    .flatMap(renamed -> one(renamed.id()));
        });
    }

    private record Renamed(long id, String before, String after) {
    }

    /** Puts the user in the group, or takes them out; answers whether anything changed. */
    public Uni<Boolean> membership(Administrator admin, long groupId, long userId, boolean member) {
        String statement = member
                ? "INSERT INTO memberships (user_id, group_id) SELECT u.id, g.id FROM users u, groups g "
                        + "WHERE u.id = ?1 AND g.id = ?2 ON CONFLICT DO NOTHING"
                : "DELETE FROM memberships WHERE user_id = ?1 AND group_id = ?2";
        return Database.transaction(() -> Panache.getSession().flatMap(db -> db.find(Group.class, groupId)
                .flatMap(group -> group == null ? Uni.createFrom().failure(new NotFound("no such group"))
                        : db.createNativeQuery("SELECT username FROM users WHERE id = ?1", String.class)
                                .setParameter(1, userId).getResultList().flatMap(names -> names.isEmpty()
                                        ? Uni.createFrom().failure(new NotFound("no such user"))
                                        : db.createNativeQuery(statement).setParameter(1, userId).setParameter(2, groupId)
                                                .executeUpdate().map(n -> new Membership(names.get(0), group.name, n > 0))))))
                .call(m -> !m.changed() ? Uni.createFrom().voidItem()
                        : audit.record(admin.on(m.username()), AuditEvent.Type.GROUPS_CHANGED, AuditEvent.Outcome.SUCCESS,
                                (member ? "added to " : "removed from ") + m.group() + " by " + admin.username()))
                .map(Membership::changed);
    }

    private record Membership(String username, String group, boolean changed) {
    }

    /** Puts the user of this username (ignoring case, as at sign-in) in the group; answers whether anything changed. */
    public Uni<Boolean> addMember(Administrator admin, long groupId, String username) {
        // Refused input arrives as a failure, like every other outcome, never as a throw.
        return Uni.createFrom().deferred(() -> {
            Map<String, Refusal> errors = AccountRules.errors();
            AccountRules.username(errors, "username", username);
            AccountRules.check(errors);
            return Database.session(() -> Panache.getSession().flatMap(db -> db
                    .createNativeQuery("SELECT id FROM users WHERE lower(username) = lower(?1)", Long.class)
                    .setParameter(1, username).getResultList()))
                    .flatMap(ids -> ids.isEmpty() ? Uni.createFrom().failure(new NotFound("no such user"))
                            : membership(admin, groupId, ids.get(0), true));
        });
    }

    public Uni<GroupEntry> one(long id) {
        return list().map(all -> all.stream().filter(g -> g.id() == id).findFirst()
                .orElseThrow(() -> new NotFound("no such group")));
    }
}
